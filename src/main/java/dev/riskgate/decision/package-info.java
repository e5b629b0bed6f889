/**
 * The answer to an event: {@link dev.riskgate.decision.Decision} (verdict, score, reasons), what happened after
 * it ({@link dev.riskgate.decision.FeedbackOutcome}) and its wire form. Values with no dependencies, below
 * rules, state and scoring, so that none of those depend on each other in a circle.
 */
package dev.riskgate.decision;
