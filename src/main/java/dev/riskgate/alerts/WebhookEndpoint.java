package dev.riskgate.alerts;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Where alerts are posted: {@code name} (in metrics and the delivery log), the url, its secrets (the first
 * signs; all sign during a rotation) and the alert kinds it takes (empty: every kind).
 */
public record WebhookEndpoint(String name, URI url, List<WebhookSecret> secrets, Set<String> kinds) {

    public WebhookEndpoint {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("an endpoint name is 1 to 64 letters, digits, '_', '.' or '-', was '" + name + "'");
        }
        if (url == null || !("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("endpoint " + name + ": the url must be http(s)://host/..., was '" + url + "'");
        }
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("endpoint " + name + ": at least one whsec_ secret is required");
        }
        secrets = List.copyOf(secrets);
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
    }

    public boolean takes(String kind) {
        return kinds.isEmpty() || kinds.contains(kind);
    }
}
