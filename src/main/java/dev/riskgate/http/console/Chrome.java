package dev.riskgate.http.console;

/**
 * What every console page's frame needs: its title, which nav entry is current, who is logged in (a key
 * id, never the key) and the CSRF token every form carries.
 */
public record Chrome(String title, String nav, String keyId, String csrf) {
}
