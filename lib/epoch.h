/*
 * Epoch-based deferred reclamation: a small RCU for userspace.
 *
 * Readers bracket every access to a shared structure with epoch_enter()
 * and epoch_exit() (they nest, cost two atomic stores and one fence, and
 * never block).  A writer that unlinks an object from a shared structure
 * does not free it; it calls epoch_defer(fn, arg), and fn(arg) runs from
 * a later epoch_reclaim() or epoch_synchronize() once every reader that
 * was inside a section at the time of the unlink has left it.
 *
 * How it works: a global counter G.  epoch_enter() announces the value of
 * G it read in the thread's slot (0 means "not reading") and fences.
 * epoch_defer() fences, then tags the object with G and increments G.  A
 * reader that announced a value > tag read G after the increment, which
 * follows the unlink, so it cannot reach the object; readers that
 * announced <= tag might.  So an object is freed once every slot is 0 or
 * > its tag.  The fences in enter and defer/reclaim make the usual
 * store-then-load (Dekker) argument work: either the writer's scan sees
 * the reader's announcement, or the reader's loads see the unlink.
 *
 * Up to EPOCH_MAX_THREADS threads may read at once; a thread takes a slot
 * on its first epoch_enter() and gives it back when it exits.
 *
 * Usage rules: keep sections short and never block inside one (every
 * deferred free waits for them); call epoch_reclaim() regularly, e.g. once
 * per main-loop iteration, or deferred memory piles up.
 */
#ifndef FSW_EPOCH_H
#define FSW_EPOCH_H 1

#include <stdbool.h>
#include <stddef.h>

#define EPOCH_MAX_THREADS 256

void epoch_enter(void);
void epoch_exit(void);
bool epoch_in_section(void);

/* Runs fn(arg) once no reader can still see the object just unlinked. */
void epoch_defer(void (*fn)(void *), void *arg);

/* Runs the deferred callbacks that are safe now; never blocks on readers.
 * Returns how many callbacks are still pending. */
size_t epoch_reclaim(void);

/* Waits for every reader now in a section to leave it, and runs the
 * callbacks deferred before the call (when this is the only thread that
 * reclaims).  Must not be
 * called inside a read section (it would wait for itself): aborts. */
void epoch_synchronize(void);

#endif
