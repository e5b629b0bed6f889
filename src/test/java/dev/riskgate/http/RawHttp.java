package dev.riskgate.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 read off a raw socket, for tests about what happens to the connection itself. */
final class RawHttp {

    private RawHttp() {
    }

    /** One whole answer with a Content-Length body, read byte by byte so nothing after it is consumed. */
    static String readOneAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed before the answer's head ended: " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
        byte[] rest = in.readNBytes(body);
        return head + new String(rest, StandardCharsets.UTF_8);
    }
}
