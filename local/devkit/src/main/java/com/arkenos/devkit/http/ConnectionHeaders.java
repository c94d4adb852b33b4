package com.arkenos.devkit.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Tells clients what the JDK server does with their connection. On a request with {@code Connection: close} the
 * JDK closes the socket after the answer but does not say so; clients that pool connections (Node's http agent,
 * which the official Twilio and LiveKit Node SDKs use) then send their next request on the dead socket and get a
 * reset. This filter echoes {@code Connection: close} in that case, and otherwise advertises the server's idle
 * timeout with {@code Keep-Alive}, so that a pooled socket is dropped by the client before the server drops it.
 */
public final class ConnectionHeaders extends Filter {
    /** The JDK server closes connections idle for this many seconds ({@code sun.net.httpserver.idleInterval}). */
    private static final long IDLE_SECONDS = Long.getLong("sun.net.httpserver.idleInterval", 30);
    private static final ConnectionHeaders INSTANCE = new ConnectionHeaders();

    private ConnectionHeaders() {
    }

    /** Installs the filter on {@code context}; returns the context for chaining. */
    public static HttpContext on(HttpContext context) {
        context.getFilters().add(INSTANCE);
        return context;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (closeRequested(exchange.getRequestHeaders().get("Connection"), exchange.getProtocol())) {
            exchange.getResponseHeaders().set("Connection", "close");
        } else {
            exchange.getResponseHeaders().set("Keep-Alive", "timeout=" + IDLE_SECONDS);
        }
        chain.doFilter(exchange);
    }

    /** HTTP/1.1 closes on {@code close}; HTTP/1.0 closes unless the client asked for {@code keep-alive}. */
    static boolean closeRequested(List<String> connection, String protocol) {
        boolean close = false;
        boolean keepAlive = false;
        if (connection != null) {
            for (String value : connection) {
                for (String token : value.split(",")) {
                    String t = token.trim().toLowerCase(Locale.ROOT);
                    close |= t.equals("close");
                    keepAlive |= t.equals("keep-alive");
                }
            }
        }
        boolean http10 = protocol != null && protocol.equalsIgnoreCase("HTTP/1.0");
        return close || (http10 && !keepAlive);
    }

    @Override
    public String description() {
        return "echoes Connection: close and advertises the keep-alive timeout";
    }
}
