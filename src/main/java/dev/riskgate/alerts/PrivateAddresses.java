package dev.riskgate.alerts;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Server-side request forgery guard: an alert endpoint on loopback, a private range (10/8, 172.16/12,
 * 192.168/16, fc00::/7), link-local (169.254/16, the cloud metadata address among them) or the any
 * address could make riskgate post into the network it runs in. Refused unless
 * {@code RISKGATE_ALERTS_ALLOW_PRIVATE=true}. Checked at every delivery, on the addresses the name
 * resolves to then, so a name re-pointed after the start is caught too.
 */
final class PrivateAddresses {

    private PrivateAddresses() {
    }

    /** Why {@code host} may not be posted to, or null when every address it resolves to is public. */
    static String refusal(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (isPrivate(a)) {
                    return host + " resolves to " + a.getHostAddress() + ", a loopback, private or link-local "
                            + "address (set RISKGATE_ALERTS_ALLOW_PRIVATE=true to allow it)";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return null; // the delivery fails on its own and is retried
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
}
