/**
 * The score request as one model: the record, its strict JSON reader and writer, and its canonical hash,
 * all driven by one list of fields ({@link dev.riskgate.event.Field}). The server, the decision log, replay,
 * the scenario runner and the simulator read and write events only through here; the rules' fact and the
 * history entry are built from {@link dev.riskgate.event.ScoreRequest} in one place each.
 */
package dev.riskgate.event;
