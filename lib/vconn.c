/*
 * OpenFlow message framing and HELLO negotiation over a stream.
 *
 * Reception reads the 8-byte header first, then exactly the rest of the
 * message, so nothing of the next message is ever buffered here.  Output
 * goes through a queue; the stream takes as much as it can and the rest
 * waits for vconn_run().
 */
#include <config.h>
#include "vconn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "stream.h"
#include "util.h"

LOG_MODULE(vconn);

/* Wire values shared by OpenFlow 1.0 and 1.3. */
#define T_HELLO 0
#define T_ERROR 1
#define HELLO_ELEM_VERSIONBITMAP 1
#define ERRTYPE_HELLO_FAILED 0
#define ERRCODE_INCOMPATIBLE 0

enum vconn_state {
	VC_CONNECTING,		/* stream connect / TLS handshake */
	VC_HELLO,		/* our HELLO queued, waiting for theirs */
	VC_CONNECTED,
	VC_FAILED,
};

struct txq_node {
	struct buf *msg;
	struct txq_node *next;
};

struct vconn {
	struct stream *stream;
	enum vconn_state state;
	int error;		/* sticky failure, negative errno */
	char *errmsg;
	uint32_t allowed;	/* version bitmap */
	uint8_t version;	/* negotiated */
	size_t max_msg_size;
	struct buf rx;		/* message being received */
	struct txq_node *tx_head, *tx_tail;
	size_t tx_offset;	/* bytes of tx_head already sent */
	size_t tx_queued;	/* bytes in the queue not yet sent */
	size_t tx_limit;
};

struct pvconn {
	struct pstream *pstream;
	uint32_t allowed;
};

static uint32_t next_xid = 1;

/* ---- Messages. ---- */

struct buf *vconn_msg_new(uint8_t version, uint8_t type, uint32_t xid,
			  const void *body, size_t body_len)
{
	struct buf *b = xmalloc(sizeof *b);
	uint8_t *h;

	buf_init(b, VCONN_HEADER_LEN + body_len);
	h = buf_put_zeros(b, VCONN_HEADER_LEN);
	h[0] = version;
	h[1] = type;
	h[2] = (VCONN_HEADER_LEN + body_len) >> 8;
	h[3] = (VCONN_HEADER_LEN + body_len) & 0xff;
	xid = htonl(xid);
	memcpy(h + 4, &xid, 4);
	if (body_len)
		buf_put(b, body, body_len);
	return b;
}

void vconn_msg_delete(struct buf *b)
{
	if (b) {
		buf_uninit(b);
		free(b);
	}
}

uint8_t vconn_msg_version(const struct buf *b)
{
	return b->size >= VCONN_HEADER_LEN ? b->data[0] : 0;
}

uint8_t vconn_msg_type(const struct buf *b)
{
	return b->size >= VCONN_HEADER_LEN ? b->data[1] : 0;
}

uint16_t vconn_msg_length(const struct buf *b)
{
	return b->size >= VCONN_HEADER_LEN ? (b->data[2] << 8) | b->data[3]
					   : 0;
}

uint32_t vconn_msg_xid(const struct buf *b)
{
	uint32_t xid;

	if (b->size < VCONN_HEADER_LEN)
		return 0;
	memcpy(&xid, b->data + 4, 4);
	return ntohl(xid);
}

/* ---- Connection setup. ---- */

static int check_versions(uint32_t *allowed, char **errp)
{
	if (!*allowed)
		*allowed = VCONN_VERSIONS_SUPPORTED;
	if (*allowed & ~VCONN_VERSIONS_SUPPORTED) {
		if (errp)
			*errp = xasprintf("unsupported OpenFlow version in "
					  "bitmap 0x%x (supported: 1.0, 1.3)",
					  *allowed);
		return -EINVAL;
	}
	return 0;
}

struct vconn *vconn_from_stream(struct stream *s, uint32_t allowed)
{
	struct vconn *vc = xzalloc(sizeof *vc);

	vc->stream = s;
	vc->state = VC_CONNECTING;
	vc->allowed = allowed & VCONN_VERSIONS_SUPPORTED;
	if (!vc->allowed)
		vc->allowed = VCONN_VERSIONS_SUPPORTED;
	vc->max_msg_size = VCONN_MAX_MSG_SIZE;
	vc->tx_limit = VCONN_DEFAULT_TX_LIMIT;
	buf_init(&vc->rx, VCONN_HEADER_LEN);
	return vc;
}

int vconn_open(const char *target, uint32_t allowed,
	       const struct ssl_config *cfg, struct vconn **vconnp,
	       char **errp)
{
	struct stream *s;
	int err;

	*vconnp = NULL;
	err = check_versions(&allowed, errp);
	if (err)
		return err;
	err = stream_open(target, cfg, &s, errp);
	if (err)
		return err;
	*vconnp = vconn_from_stream(s, allowed);
	return 0;
}

static int __attribute__((format(printf, 3, 4)))
vconn_fail(struct vconn *vc, int error, const char *fmt, ...)
{
	va_list args;

	if (vc->error)
		return vc->error;
	vc->error = error;
	vc->state = VC_FAILED;
	free(vc->errmsg);
	va_start(args, fmt);
	if (vasprintf(&vc->errmsg, fmt, args) < 0)
		vc->errmsg = NULL;
	va_end(args);
	LOG_INFO_RL("%s: %s", stream_get_name(vc->stream),
		    vc->errmsg ? vc->errmsg : "failed");
	return error;
}

static int highest_version(uint32_t bitmap)
{
	return bitmap ? 31 - __builtin_clz(bitmap) : 0;
}

static void tx_enqueue(struct vconn *vc, struct buf *msg)
{
	struct txq_node *n = xmalloc(sizeof *n);

	n->msg = msg;
	n->next = NULL;
	if (vc->tx_tail)
		vc->tx_tail->next = n;
	else
		vc->tx_head = n;
	vc->tx_tail = n;
	vc->tx_queued += msg->size;
}

/* Our HELLO: header version is our highest; OpenFlow 1.3 and later also
 * carry a version bitmap element listing every version we allow. */
static struct buf *make_hello(const struct vconn *vc)
{
	uint8_t elem[8] = { 0 };
	uint8_t version = highest_version(vc->allowed);
	uint32_t bitmap = htonl(vc->allowed);

	if (version < VCONN_OF13)
		return vconn_msg_new(version, T_HELLO, next_xid++, NULL, 0);
	elem[1] = HELLO_ELEM_VERSIONBITMAP;
	elem[3] = 8;		/* type, length, one 32-bit bitmap */
	memcpy(elem + 4, &bitmap, 4);
	return vconn_msg_new(version, T_HELLO, next_xid++, elem, sizeof elem);
}

/* Peer versions from its HELLO: the bitmap element if present; else 0. */
static uint32_t hello_bitmap(const struct buf *msg)
{
	size_t off = VCONN_HEADER_LEN;
	const uint8_t *e;
	uint32_t bitmap;
	uint16_t type, len;

	while ((e = buf_at(msg, off, 4)) != NULL) {
		type = (e[0] << 8) | e[1];
		len = (e[2] << 8) | e[3];
		if (len < 4 || !buf_at(msg, off, len))
			break;		/* malformed: ignore the rest */
		if (type == HELLO_ELEM_VERSIONBITMAP && len >= 8) {
			memcpy(&bitmap, e + 4, 4);
			return ntohl(bitmap);
		}
		off += (len + 7) & ~7u;
	}
	return 0;
}

static void format_versions(uint32_t bitmap, char *s, size_t size)
{
	size_t n = 0;
	int v;

	s[0] = '\0';
	for (v = 0; v < 32 && n < size; v++)
		if (bitmap & (1u << v))
			n += snprintf(s + n, size - n, "%s0x%02x",
				      n ? ", " : "", v);
	if (!n)
		snprintf(s, size, "none");
}

static void send_hello_failed(struct vconn *vc, uint8_t version,
			      uint32_t xid, const char *text)
{
	size_t len = strlen(text);
	uint8_t *body = xmalloc(4 + len);
	struct buf *msg;

	body[0] = 0;
	body[1] = ERRTYPE_HELLO_FAILED;
	body[2] = 0;
	body[3] = ERRCODE_INCOMPATIBLE;
	memcpy(body + 4, text, len);
	msg = vconn_msg_new(version, T_ERROR, xid, body, 4 + len);
	free(body);
	tx_enqueue(vc, msg);
	/* One try: the socket buffer is empty at this point, and a peer we
	 * cannot talk to does not deserve a wait. */
	vconn_run(vc);
}

static int negotiate(struct vconn *vc, const struct buf *hello)
{
	uint8_t peer_version = vconn_msg_version(hello);
	uint32_t peer = hello_bitmap(hello), common;
	char ours[64], theirs[64], *text;
	int ours_max = highest_version(vc->allowed);

	if (peer) {
		common = vc->allowed & peer;
	} else {
		/* No bitmap: the lower header version, if we allow it. */
		int v = peer_version < ours_max ? peer_version : ours_max;

		peer = peer_version < 32 ? VCONN_VERSION_BIT(peer_version) : 0;
		common = v < 32 ? vc->allowed & VCONN_VERSION_BIT(v) : 0;
	}
	if (common) {
		vc->version = highest_version(common);
		vc->state = VC_CONNECTED;
		LOG_DBG("%s: negotiated OpenFlow version 0x%02x",
			stream_get_name(vc->stream), vc->version);
		return 0;
	}
	format_versions(vc->allowed, ours, sizeof ours);
	format_versions(peer, theirs, sizeof theirs);
	text = xasprintf("no common OpenFlow version: we support %s, "
			 "peer supports %s", ours, theirs);
	send_hello_failed(vc, peer_version < ours_max ? peer_version
						      : ours_max,
			  vconn_msg_xid(hello), text);
	vconn_fail(vc, -EPROTO, "%s", text);
	free(text);
	return -EPROTO;
}

/* An ERROR instead of a HELLO: the peer refused us. */
static int peer_refused(struct vconn *vc, const struct buf *msg)
{
	const uint8_t *e = buf_at(msg, VCONN_HEADER_LEN, 4);
	size_t text_len = msg->size > 12 ? msg->size - 12 : 0;
	char text[128];
	size_t i;

	if (text_len >= sizeof text)
		text_len = sizeof text - 1;
	for (i = 0; i < text_len; i++) {
		char c = msg->data[12 + i];

		text[i] = c >= 0x20 && c < 0x7f ? c : '.';
	}
	text[text_len] = '\0';
	return vconn_fail(vc, -EPROTO, "peer sent error type %u code %u "
			  "instead of HELLO%s%s",
			  e ? (e[0] << 8 | e[1]) : 0,
			  e ? (e[2] << 8 | e[3]) : 0,
			  text_len ? ": " : "", text);
}

static int do_recv(struct vconn *vc, struct buf **msgp);

int vconn_connect(struct vconn *vc)
{
	struct buf *msg;
	int err;

	switch (vc->state) {
	case VC_CONNECTING:
		err = stream_connect(vc->stream);
		if (err == -EAGAIN)
			return err;
		if (err)
			return vconn_fail(vc, err, "%s",
					  stream_get_error(vc->stream));
		vc->state = VC_HELLO;
		tx_enqueue(vc, make_hello(vc));
		/* fall through */
	case VC_HELLO:
		err = vconn_run(vc);
		if (err)
			return err;
		err = do_recv(vc, &msg);
		if (err)
			return err;
		if (vconn_msg_type(msg) == T_HELLO)
			err = negotiate(vc, msg);
		else if (vconn_msg_type(msg) == T_ERROR)
			err = peer_refused(vc, msg);
		else
			err = vconn_fail(vc, -EPROTO, "expected HELLO, "
					 "received message type %u",
					 vconn_msg_type(msg));
		vconn_msg_delete(msg);
		return err;
	case VC_CONNECTED:
		return 0;
	case VC_FAILED:
	default:
		return vc->error;
	}
}

/* ---- Data transfer. ---- */

/* Reads into vc->rx until it holds WANT bytes: 0 when it does. */
static int fill_rx(struct vconn *vc, size_t want)
{
	ssize_t r;

	while (vc->rx.size < want) {
		buf_reserve(&vc->rx, want - vc->rx.size);
		r = stream_recv(vc->stream, vc->rx.data + vc->rx.size,
				want - vc->rx.size);
		if (r == -EAGAIN)
			return r;
		if (r == 0)
			return vconn_fail(vc, -ECONNRESET,
					  vc->rx.size ? "connection closed "
					  "by peer in the middle of a message"
					  : "connection closed by peer");
		if (r < 0)
			return vconn_fail(vc, r, "%s",
					  stream_get_error(vc->stream));
		vc->rx.size += r;
	}
	return 0;
}

static int do_recv(struct vconn *vc, struct buf **msgp)
{
	struct buf *msg;
	size_t len;
	int err;

	*msgp = NULL;
	if (vc->error)
		return vc->error;
	err = fill_rx(vc, VCONN_HEADER_LEN);
	if (err)
		return err;
	len = vconn_msg_length(&vc->rx);
	if (len < VCONN_HEADER_LEN)
		return vconn_fail(vc, -EPROTO, "received message length %zu "
				  "is shorter than the OpenFlow header", len);
	if (len > vc->max_msg_size)
		return vconn_fail(vc, -EMSGSIZE, "received message of %zu "
				  "bytes exceeds the limit of %zu bytes", len,
				  vc->max_msg_size);
	err = fill_rx(vc, len);
	if (err)
		return err;
	/* Hand over the buffer itself; start a fresh one for the next. */
	msg = xmalloc(sizeof *msg);
	*msg = vc->rx;
	buf_init(&vc->rx, VCONN_HEADER_LEN);
	*msgp = msg;
	return 0;
}

int vconn_recv(struct vconn *vc, struct buf **msgp)
{
	int err;

	*msgp = NULL;
	err = vconn_connect(vc);
	if (err)
		return err;
	return do_recv(vc, msgp);
}

int vconn_run(struct vconn *vc)
{
	struct txq_node *n;
	ssize_t r;

	if (vc->error)
		return vc->error;
	while ((n = vc->tx_head) != NULL) {
		r = stream_send(vc->stream, n->msg->data + vc->tx_offset,
				n->msg->size - vc->tx_offset);
		if (r == -EAGAIN)
			return 0;
		if (r < 0)
			return vconn_fail(vc, r, "%s",
					  stream_get_error(vc->stream));
		vc->tx_offset += r;
		vc->tx_queued -= r;
		if (vc->tx_offset < n->msg->size)
			continue;
		vc->tx_offset = 0;
		vc->tx_head = n->next;
		if (!vc->tx_head)
			vc->tx_tail = NULL;
		vconn_msg_delete(n->msg);
		free(n);
	}
	return 0;
}

int vconn_send(struct vconn *vc, struct buf *msg)
{
	if (vc->error)
		return vc->error;
	if (vc->state != VC_CONNECTED)
		return -ENOTCONN;
	if (msg->size < VCONN_HEADER_LEN || msg->size > VCONN_MAX_MSG_SIZE)
		return -EMSGSIZE;
	/* Always take one message into an empty queue, however big, so a
	 * large message cannot wedge the connection. */
	if (vc->tx_queued && vc->tx_queued + msg->size > vc->tx_limit)
		return -EAGAIN;
	msg->data[2] = msg->size >> 8;
	msg->data[3] = msg->size & 0xff;
	tx_enqueue(vc, msg);
	vconn_run(vc);
	return 0;
}

void vconn_wait(struct vconn *vc, struct pollfd *pfd)
{
	struct pollfd out;

	if (vc->state == VC_CONNECTING) {
		stream_wait(vc->stream, STREAM_CONNECT, pfd);
		return;
	}
	stream_wait(vc->stream, STREAM_RECV, pfd);
	pfd->events |= POLLIN;
	if (vc->tx_head) {
		stream_wait(vc->stream, STREAM_SEND, &out);
		pfd->events |= out.events;
	}
	if (vc->error)
		pfd->events |= POLLOUT;	/* wake at once to report it */
}

bool vconn_recv_pending(const struct vconn *vc)
{
	return vc->state != VC_CONNECTING && !vc->error &&
	       stream_recv_pending(vc->stream);
}

void vconn_close(struct vconn *vc)
{
	struct txq_node *n, *next;

	if (!vc)
		return;
	/* Last words (e.g. an ERROR) go out if the socket takes them now. */
	if (vc->state != VC_CONNECTING)
		vconn_run(vc);
	for (n = vc->tx_head; n; n = next) {
		next = n->next;
		vconn_msg_delete(n->msg);
		free(n);
	}
	stream_close(vc->stream);
	buf_uninit(&vc->rx);
	free(vc->errmsg);
	free(vc);
}

uint8_t vconn_get_version(const struct vconn *vc)
{
	return vc->state == VC_CONNECTED ? vc->version : 0;
}

const char *vconn_get_name(const struct vconn *vc)
{
	return stream_get_name(vc->stream);
}

const char *vconn_get_error(const struct vconn *vc)
{
	return vc->errmsg ? vc->errmsg : "";
}

size_t vconn_get_tx_queued(const struct vconn *vc)
{
	return vc->tx_queued;
}

void vconn_set_max_msg_size(struct vconn *vc, size_t size)
{
	if (size < VCONN_HEADER_LEN)
		size = VCONN_HEADER_LEN;
	vc->max_msg_size = size < VCONN_MAX_MSG_SIZE ? size
						     : VCONN_MAX_MSG_SIZE;
}

void vconn_set_tx_limit(struct vconn *vc, size_t limit)
{
	vc->tx_limit = limit;
}

/* ---- Listeners. ---- */

int pvconn_open(const char *target, uint32_t allowed,
		const struct ssl_config *cfg, struct pvconn **pvconnp,
		char **errp)
{
	struct pstream *ps;
	int err;

	*pvconnp = NULL;
	err = check_versions(&allowed, errp);
	if (err)
		return err;
	err = pstream_open(target, cfg, &ps, errp);
	if (err)
		return err;
	*pvconnp = xzalloc(sizeof **pvconnp);
	(*pvconnp)->pstream = ps;
	(*pvconnp)->allowed = allowed;
	return 0;
}

int pvconn_accept(struct pvconn *pvc, struct vconn **vconnp)
{
	struct stream *s;
	int err;

	*vconnp = NULL;
	err = pstream_accept(pvc->pstream, &s);
	if (err)
		return err;
	*vconnp = vconn_from_stream(s, pvc->allowed);
	return 0;
}

void pvconn_wait(struct pvconn *pvc, struct pollfd *pfd)
{
	pstream_wait(pvc->pstream, pfd);
}

void pvconn_close(struct pvconn *pvc)
{
	if (pvc) {
		pstream_close(pvc->pstream);
		free(pvc);
	}
}

const char *pvconn_get_name(const struct pvconn *pvc)
{
	return pstream_get_name(pvc->pstream);
}

uint16_t pvconn_get_port(const struct pvconn *pvc)
{
	return pstream_get_port(pvc->pstream);
}
