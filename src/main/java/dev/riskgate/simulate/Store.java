package dev.riskgate.simulate;

/**
 * A place that takes the wallet. {@code prefecture} is the JIS code (13 is Tokyo); 0 for an online shop.
 * {@code till} is the vendor of its point-of-sale system, which decides how item categories are spelt.
 */
record Store(String id, int prefecture, int district, Kind kind, Tills.Vendor till) {

    enum Kind { CONVENIENCE, SUPERMARKET, DRUGSTORE, RESTAURANT, ELECTRONICS, ONLINE }
}
