package dev.riskgate.http.console;

import dev.riskgate.console.IndexStatus;

/**
 * What every console page's frame needs: its title, which nav entry is current, who is logged in (a key
 * id, never the key), the CSRF token every form carries, and how far the index is behind the decision log
 * (null where that is not shown), so that a page never passes off a lagging index as the whole picture.
 */
public record Chrome(String title, String nav, String keyId, String csrf, IndexStatus index) {

    public Chrome(String title, String nav, String keyId, String csrf) {
        this(title, nav, keyId, csrf, null);
    }

    Chrome with(IndexStatus status) {
        return new Chrome(title, nav, keyId, csrf, status);
    }

    /** Whether the page should say the index is behind. */
    public boolean indexBehind() {
        return index != null && index.behind();
    }
}
