package dev.riskgate.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request framing as RFC 9112 §6 wants it from a server that may sit behind a proxy. The HTTP codec
 * treats {@code Transfer-Encoding: chunked, identity} as chunked, {@code xchunked} as absent (framing by a
 * Content-Length beside it), and Content-Length together with chunked as chunked, silently dropping the
 * length: a proxy reading any of these the other way sees a different request boundary, which is how
 * requests are smuggled. Here every such request is refused before its body is read: a Transfer-Encoding
 * must be exactly {@code chunked}, and never comes with a Content-Length. The refusal is a JSON 400 with
 * {@code Connection: close} ({@link MalformedRequests}), and the codec discards whatever followed on the
 * connection, so nothing smuggled behind it is answered.
 *
 * <p>A broken chunk (a size that is not hex, or over 31 bits, which the codec's own check misses when the
 * size wraps back to a positive number) comes mid-body: nothing more is then read from the connection.
 * Where the request has no answer under way, it gets a JSON 400 with {@code Connection: close}; otherwise
 * the connection is closed.
 *
 * <p>Vert.x builds the codec itself; {@link #install} swaps in this stricter subclass of it when a
 * connection opens, before the connection reads its first byte.
 */
final class StrictFraming extends VertxHttpRequestDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(StrictFraming.class);
    /** Vert.x's name for its request decoder in the channel pipeline. */
    private static final String DECODER = "httpDecoder";
    private static final Field CODEC_STATE = codecState();

    /** A request whose framing is refused: the codec marks it invalid with this as the cause. */
    static final class Refused extends IllegalArgumentException {
        Refused(String message) {
            super(message, null);
        }
    }

    /** The request whose body is being read on this connection: the one a broken chunk belongs to. */
    private HttpServerRequest current;
    /** A broken chunk was seen: nothing more is read from this connection. */
    private boolean broken;

    private StrictFraming(HttpServerOptions options) {
        super(options);
    }

    private static Field codecState() {
        try {
            Field f = HttpObjectDecoder.class.getDeclaredField("currentState");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("the HTTP codec changed: " + e, e);
        }
    }

    /**
     * Puts the strict decoder on {@code conn}. False when the connection is not the HTTP/1.1 one this
     * class knows how to reach (a Vert.x upgrade changed its insides): the caller must then refuse it.
     */
    static boolean install(HttpConnection conn, HttpServerOptions options) {
        if (!(conn instanceof ConnectionBase base)) {
            return false;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        ChannelHandler decoder = pipeline.get(DECODER);
        if (!(decoder instanceof VertxHttpRequestDecoder)) {
            return false;
        }
        if (!(decoder instanceof StrictFraming)) {
            pipeline.replace(DECODER, DECODER, new StrictFraming(options));
        }
        return true;
    }

    /** Notes that {@code request} is the one now being read on its connection. */
    static void reading(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase base
                && base.channel().pipeline().get(DECODER) instanceof StrictFraming strict) {
            strict.current = request;
        }
    }

    /**
     * Called by the codec for every request head, before it decides how the body is framed: a refusal
     * thrown here makes the codec mark the request invalid and discard the rest of the connection.
     */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        List<String> codings = msg.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            if (msg.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                throw new Refused("a request must not carry both Content-Length and Transfer-Encoding");
            }
            if (codings.size() != 1 || !codings.get(0).trim().toLowerCase(Locale.ROOT).equals("chunked")) {
                throw new Refused("Transfer-Encoding must be exactly 'chunked', was '" + String.join(", ", codings) + "'");
            }
        }
        return super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (broken) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        if (atChunkSize() && oversizedChunkSize(buffer)) {
            // The codec's own overflow check misses sizes that wrap past 32 bits back to a positive number.
            broken = true;
            buffer.skipBytes(buffer.readableBytes());
            ctx.executor().execute(() -> brokenChunk(ctx, new NumberFormatException("chunk size over 31 bits")));
            return;
        }
        int from = out.size();
        super.decode(ctx, buffer, out);
        for (int i = from; i < out.size(); i++) {
            // (An invalid head can come as a full request, content included: that one goes to MalformedRequests.)
            if (out.get(i) instanceof HttpContent content && !(content instanceof HttpMessage)
                    && content.decoderResult().isFailure()) {
                Throwable cause = content.decoderResult().cause();
                // The codec reads nothing more from this connection: nothing after the broken chunk matters.
                while (out.size() > i) {
                    ReferenceCountUtil.release(out.remove(out.size() - 1));
                }
                // Once the messages decoded so far have reached the request (its head may be among them).
                ctx.executor().execute(() -> brokenChunk(ctx, cause));
                return;
            }
        }
    }

    /** Whether the codec is about to read a chunk-size line (its state is private; read once per call). */
    private boolean atChunkSize() {
        try {
            return CODEC_STATE.get(this) instanceof Enum<?> state && state.name().equals("READ_CHUNK_SIZE");
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the chunk-size line at the reader index has more hex digits than fit in 31 bits (leading
     * zeros aside), which no body under the size limit needs. An incomplete line is judged on what came.
     */
    static boolean oversizedChunkSize(ByteBuf buffer) {
        int significant = 0;
        long value = 0;
        for (int i = buffer.readerIndex(); i < buffer.writerIndex(); i++) {
            int digit = Character.digit(buffer.getByte(i), 16);
            if (digit < 0) {
                break;
            }
            if (significant > 0 || digit > 0) {
                significant++;
                value = value * 16 + digit;
                if (significant > 8 || value > Integer.MAX_VALUE) {
                    return true;
                }
            }
        }
        return false;
    }

    private void brokenChunk(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("broken chunk: {}", cause.toString());
        HttpServerRequest request = current;
        if (request == null || request.response().headWritten() || request.response().ended()) {
            ctx.channel().close();
            return;
        }
        request.response().putHeader("connection", "close");
        ErrorAnswer.send(request.response(), 400, "malformed_body", "the chunked request body is malformed: each "
                        + "chunk is a size in hex digits that fits in 31 bits, a line break, the data and a line break", null)
                .onComplete(done -> ctx.channel().close());
    }
}
