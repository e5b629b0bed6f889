package dev.riskgate.simulate;

/** A place that takes the wallet. {@code prefecture} is the JIS code (13 is Tokyo); 0 for an online shop. */
record Store(String id, int prefecture, int district, Kind kind) {

    enum Kind { CONVENIENCE, SUPERMARKET, DRUGSTORE, RESTAURANT, ELECTRONICS, ONLINE }
}
