/*
 * OpenFlow connections: whole messages over a stream (lib/stream.h),
 * with the HELLO exchange and version negotiation done first.
 *
 * Only the 8-byte OpenFlow header (version, type, length, xid) is known
 * here, plus HELLO, ERROR and the version bitmap hello element; message
 * bodies are the business of the OpenFlow codec.
 *
 * Versions are given as bitmaps: bit N set means OpenFlow wire version N
 * is allowed, e.g. VCONN_VERSION_BIT(VCONN_OF13).  Supported: 1.0 and
 * 1.3.  Negotiation picks the highest version both sides allow (the
 * version bitmap hello element when the peer sends one, otherwise the
 * lower of the two HELLO header versions, which must then be allowed).
 * On failure an OFPT_ERROR HELLO_FAILED/INCOMPATIBLE goes to the peer
 * and the connection fails with -EPROTO.
 *
 * Messages are struct buf *: a buf whose data is the message, header
 * included.  vconn_recv() returns them malloc'd; vconn_send() takes
 * ownership on success.  Free with vconn_msg_delete().
 */
#ifndef FSW_VCONN_H
#define FSW_VCONN_H 1

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct vconn;
struct pvconn;
struct stream;
struct ssl_config;

#define VCONN_OF10 0x01
#define VCONN_OF13 0x04
#define VCONN_VERSION_BIT(V) (1u << (V))
#define VCONN_VERSIONS_SUPPORTED \
	(VCONN_VERSION_BIT(VCONN_OF10) | VCONN_VERSION_BIT(VCONN_OF13))
#define VCONN_HEADER_LEN 8
#define VCONN_MAX_MSG_SIZE 65535	/* the 16-bit length field's limit */
#define VCONN_DEFAULT_TX_LIMIT (256 * 1024)

/* Message helpers (just the common header). */
struct buf *vconn_msg_new(uint8_t version, uint8_t type, uint32_t xid,
			  const void *body, size_t body_len);
void vconn_msg_delete(struct buf *);
uint8_t vconn_msg_version(const struct buf *);
uint8_t vconn_msg_type(const struct buf *);
uint16_t vconn_msg_length(const struct buf *);
uint32_t vconn_msg_xid(const struct buf *);

/* Starts connecting to TARGET (see stream.h).  ALLOWED_VERSIONS is a
 * version bitmap (0 means VCONN_VERSIONS_SUPPORTED).  0, or -errno with
 * a malloc'd message in *ERRP. */
int vconn_open(const char *target, uint32_t allowed_versions,
	       const struct ssl_config *, struct vconn **vconnp, char **errp);
/* Wraps an open stream (e.g. from pstream_accept()); takes it over. */
struct vconn *vconn_from_stream(struct stream *, uint32_t allowed_versions);

/* Drives connection, TLS handshake and HELLO exchange: 0 once a version
 * is agreed, -EAGAIN meanwhile, other -errno on failure (-EPROTO for a
 * failed negotiation; vconn_get_error() says why).  Failures stick. */
int vconn_connect(struct vconn *);

/* Receives one whole message (connecting first if need be): 0 and
 * *MSGP, -EAGAIN, -ECONNRESET when the peer closed the connection,
 * -EMSGSIZE for a message over the size limit, or another -errno.
 * Only the length is checked: answering a message whose version is not
 * the negotiated one (OFPBRC_BAD_VERSION) is the codec's job. */
int vconn_recv(struct vconn *, struct buf **msgp);

/* Queues MSG (its header length field is filled in from its size) and
 * sends what it can.  0: MSG is taken.  -EAGAIN: the send queue is full
 * (backpressure; MSG is not taken, retry after vconn_run()/vconn_wait()).
 * -ENOTCONN before negotiation, -EMSGSIZE, or the connection's error. */
int vconn_send(struct vconn *, struct buf *msg);

/* Sends queued data.  0 or the connection's error. */
int vconn_run(struct vconn *);
/* Sets *PFD to wait for whatever the vconn needs next (incoming data
 * always; writability while output is queued). */
void vconn_wait(struct vconn *, struct pollfd *pfd);
/* True if vconn_recv() may have a message without waiting (TLS data
 * already decrypted; see stream_recv_pending()): poll with timeout 0. */
bool vconn_recv_pending(const struct vconn *);
void vconn_close(struct vconn *);

/* Negotiated OpenFlow version, or 0 before negotiation. */
uint8_t vconn_get_version(const struct vconn *);
const char *vconn_get_name(const struct vconn *);
const char *vconn_get_error(const struct vconn *);
/* Bytes of output queued and not yet sent. */
size_t vconn_get_tx_queued(const struct vconn *);
/* Largest message accepted from the peer (at most 65535, at least 8). */
void vconn_set_max_msg_size(struct vconn *, size_t);
/* Queue size (bytes) above which vconn_send() says -EAGAIN. */
void vconn_set_tx_limit(struct vconn *, size_t);

/* Listeners: ptcp:, pssl:, punix:.  Accepted vconns still have their
 * HELLO exchange to do (vconn_connect()). */
int pvconn_open(const char *target, uint32_t allowed_versions,
		const struct ssl_config *, struct pvconn **pvconnp,
		char **errp);
int pvconn_accept(struct pvconn *, struct vconn **vconnp);
void pvconn_wait(struct pvconn *, struct pollfd *pfd);
void pvconn_close(struct pvconn *);
const char *pvconn_get_name(const struct pvconn *);
uint16_t pvconn_get_port(const struct pvconn *);

#endif
