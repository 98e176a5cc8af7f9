package io.github.webexcamel.gateway.webex;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one retry policy: doubling steps up to a cap, each waited between half and all of it. */
class BackoffTest {

    @Test
    void stepsDoubleUpToTheCapAndNeverOverflow() {
        Backoff backoff = Backoff.of(1000, 32000);
        assertThat(backoff.stepMillis(0)).isEqualTo(1000);
        assertThat(backoff.stepMillis(1)).isEqualTo(2000);
        assertThat(backoff.stepMillis(5)).isEqualTo(32000);
        assertThat(backoff.stepMillis(6)).isEqualTo(32000);
        assertThat(backoff.stepMillis(Integer.MAX_VALUE)).isEqualTo(32000);
    }

    @Test
    void jitterStaysBetweenHalfAndAllOfTheStep() {
        Backoff backoff = Backoff.of(250, 8000);
        for (int attempt = 0; attempt < 12; attempt++) {
            long step = backoff.stepMillis(attempt);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delayMillis(attempt)).isBetween(step / 2, step);
            }
        }
    }

    @Test
    void withoutJitterEachStepIsWaitedInFull() {
        Backoff backoff = Backoff.of(50, 500).withoutJitter();
        assertThat(backoff.delayMillis(0)).isEqualTo(50);
        assertThat(backoff.delayMillis(3)).isEqualTo(400);
        assertThat(backoff.delayMillis(4)).isEqualTo(500);
        assertThat(Backoff.of(0, 0).delayMillis(0)).as("never a zero timer").isEqualTo(1);
    }
}
