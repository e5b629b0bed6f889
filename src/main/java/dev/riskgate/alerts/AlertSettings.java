package dev.riskgate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where alerts go, from the environment. {@code RISKGATE_WEBHOOK_URL} and {@code RISKGATE_WEBHOOK_SECRET}
 * ({@code whsec_...}; several, comma-separated, during a rotation) make one endpoint for every kind;
 * {@code RISKGATE_ALERTS_FILE} lists many:
 * <pre>{"endpoints": [{"name": "wallet-app", "url": "https://...", "secrets": ["whsec_..."], "kinds": ["block"]}]}</pre>
 * {@code RISKGATE_ALERTS_ALLOW_PRIVATE=true} lets an endpoint sit on loopback or a private range.
 */
public record AlertSettings(List<WebhookEndpoint> endpoints, boolean allowPrivate) {

    public AlertSettings {
        endpoints = List.copyOf(endpoints);
    }

    public boolean enabled() {
        return !endpoints.isEmpty();
    }

    /** The owners' token key: the first endpoint's first secret's derivation. */
    public AlertTokens tokens() {
        if (endpoints.isEmpty()) {
            throw new IllegalStateException("no alert endpoint is configured, so no token key");
        }
        return AlertTokens.derivedFrom(endpoints.get(0).secrets().get(0));
    }

    public static AlertSettings from(Map<String, String> env) {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        String url = blankToNull(env.get("RISKGATE_WEBHOOK_URL"));
        String secret = blankToNull(env.get("RISKGATE_WEBHOOK_SECRET"));
        if ((url == null) != (secret == null)) {
            throw new IllegalArgumentException("RISKGATE_WEBHOOK_URL and RISKGATE_WEBHOOK_SECRET are set together");
        }
        if (url != null) {
            List<WebhookSecret> secrets = new ArrayList<>();
            for (String s : secret.split(",")) {
                secrets.add(WebhookSecret.parse(s, "RISKGATE_WEBHOOK_SECRET"));
            }
            endpoints.add(new WebhookEndpoint("default", uri(url, "RISKGATE_WEBHOOK_URL"), secrets, Set.of()));
        }
        String file = blankToNull(env.get("RISKGATE_ALERTS_FILE"));
        if (file != null) {
            endpoints.addAll(read(Path.of(file)));
        }
        Set<String> names = new LinkedHashSet<>();
        for (WebhookEndpoint e : endpoints) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("alert endpoint name '" + e.name() + "' is used twice");
            }
        }
        String allow = env.getOrDefault("RISKGATE_ALERTS_ALLOW_PRIVATE", "false").trim();
        if (!allow.equals("true") && !allow.equals("false") && !allow.isEmpty()) {
            throw new IllegalArgumentException("RISKGATE_ALERTS_ALLOW_PRIVATE must be true or false, was '" + allow + "'");
        }
        return new AlertSettings(endpoints, allow.equals("true"));
    }

    static List<WebhookEndpoint> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("RISKGATE_ALERTS_FILE " + file + " is not readable JSON: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("endpoints");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("RISKGATE_ALERTS_FILE " + file + " must be {\"endpoints\": [...]}");
        }
        List<WebhookEndpoint> out = new ArrayList<>();
        int n = 0;
        for (JsonNode e : list) {
            n++;
            String where = "RISKGATE_ALERTS_FILE " + file + " endpoint " + n;
            for (var it = e.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!Set.of("name", "url", "secrets", "kinds").contains(key)) {
                    throw new IllegalArgumentException(where + ": unknown key '" + key + "'; valid: name, url, secrets, kinds");
                }
            }
            List<WebhookSecret> secrets = new ArrayList<>();
            e.path("secrets").forEach(s -> secrets.add(WebhookSecret.parse(s.asText(), where + " secrets")));
            Set<String> kinds = new LinkedHashSet<>();
            e.path("kinds").forEach(k -> kinds.add(k.asText()));
            out.add(new WebhookEndpoint(e.path("name").asText("endpoint-" + n), uri(e.path("url").asText(""), where + " url"),
                    secrets, kinds));
        }
        return out;
    }

    private static URI uri(String text, String setting) {
        try {
            return URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not a URL: " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
