package dev.riskgate.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The once-only race between a score request's work and its deadline. */
class AnswerClaimTest {

    @Test
    void workThatClaimsFirstKeepsTheAnswerFromTheDeadline() {
        AnswerClaim claim = new AnswerClaim();

        assertThat(claim.takeForWork()).isTrue();
        assertThat(claim.takeForDeadline()).isFalse();
        assertThat(claim.failDecisionSent()).isFalse();
        assertThat(claim.takeForWork()).as("the work may look again, e.g. a refused commit answering the stored one").isTrue();
    }

    @Test
    void deadlineThatClaimsFirstStopsTheWorkFromCommitting() {
        AnswerClaim claim = new AnswerClaim();

        assertThat(claim.takeForDeadline()).isTrue();
        assertThat(claim.failDecisionSent()).isTrue();
        assertThat(claim.takeForWork()).isFalse();
        assertThat(claim.takeForDeadline()).as("the fail decision is sent once").isFalse();
    }

    @Test
    void aFailedCommitGetsTheFailDecisionOnceEvenWhenTheWorkHeldTheAnswer() {
        AnswerClaim claim = new AnswerClaim();
        claim.takeForWork();

        assertThat(claim.takeAfterFailure()).isTrue();
        assertThat(claim.takeAfterFailure()).isFalse();
    }

    @Test
    void aFailureAfterTheDeadlineAnsweredSendsNothingMore() {
        AnswerClaim claim = new AnswerClaim();
        claim.takeForDeadline();

        assertThat(claim.takeAfterFailure()).isFalse();
    }
}
