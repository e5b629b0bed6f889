package dev.riskgate.decision;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An alert's id: the same for the same event and kind on every instance and every retry (a webhook's
 * {@code webhook-id}, an owner's link), URL-safe, and naming its event, so the outbox finds the event's
 * keys (its hash slot) and the owner's answer finds its account from the id alone.
 */
public final class AlertIds {

    private static final String PREFIX = "al_";

    private AlertIds() {
    }

    public static String of(String eventId, String kind) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((eventId + "\n" + kind).getBytes(StandardCharsets.UTF_8));
    }

    /** The event an id names; throws IllegalArgumentException for anything that is no alert id. */
    public static String eventOf(String alertId) {
        return parts(alertId)[0];
    }

    public static String kindOf(String alertId) {
        return parts(alertId)[1];
    }

    private static String[] parts(String alertId) {
        if (alertId == null || !alertId.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an alert id: " + alertId);
        }
        String text = new String(Base64.getUrlDecoder().decode(alertId.substring(PREFIX.length())), StandardCharsets.UTF_8);
        int cut = text.lastIndexOf('\n');
        if (cut <= 0 || !Alert.KIND.matcher(text.substring(cut + 1)).matches()) {
            throw new IllegalArgumentException("not an alert id: " + alertId);
        }
        return new String[] {text.substring(0, cut), text.substring(cut + 1)};
    }
}
