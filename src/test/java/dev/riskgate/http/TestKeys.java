package dev.riskgate.http;

import dev.riskgate.config.Access;

/** The keys test servers are started with, so that test clients can call them as a gateway and ops would. */
public final class TestKeys {

    public static final String API = "test-api-key-0123456789";
    public static final String ADMIN = "test-admin-key-0123456789";
    /** Opens the console and the dry run, not reload; only servers started with {@link #withAnalyst()} take it. */
    public static final String ANALYST = "test-analyst-key-0123456789";

    private TestKeys() {
    }

    public static Access access() {
        return Access.keys(API, ADMIN);
    }

    /** The gateway, ops and analyst keys. */
    public static Access withAnalyst() {
        return access().withAnalystKeys(java.util.List.of(ANALYST));
    }

    /** The key a gateway (/v1) or an operator (/admin, /metrics) would send on {@code path}. */
    public static String forPath(String path) {
        return path.startsWith("/v1/") ? API : ADMIN;
    }
}
