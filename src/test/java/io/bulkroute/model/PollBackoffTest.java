package io.bulkroute.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The poll schedule against jobs of known shape, on a clock of its own: the shipped settings (200 ms doubling to
 * 28 s), a job of {@value #TOTAL} records whose processed count at each millisecond is given.
 */
class PollBackoffTest {
    private static final long TOTAL = 1_000_000;
    private long now;

    /** When each poll happened, until the first at or after {@code end}. */
    private List<Long> follow(LongUnaryOperator processedAt, long end) {
        PollBackoff backoff = new PollBackoff(200, 2, 28_000, () -> now);
        now = 0;
        List<Long> polls = new ArrayList<>();
        long delay = backoff.first();
        while (true) {
            now += delay;
            polls.add(now);
            if (now >= end) {
                return polls;
            }
            delay = backoff.after(processedAt.applyAsLong(now), TOTAL);
        }
    }

    private static LongUnaryOperator steady(long start, long end) {
        return t -> t <= start ? 0 : Math.min(TOTAL - 1, TOTAL * (t - start) / (end - start));
    }

    @Test
    void aTenMinuteJobAtASteadyPaceIsNoticedAsItEndsInFewerPolls() {
        long end = 600_000;
        List<Long> polls = follow(steady(0, end), end);
        List<Long> blind = follow(t -> 0, end);
        assertThat(polls.size()).isLessThanOrEqualTo(blind.size()).isLessThanOrEqualTo(30);
        // the pace is never overestimated, so the end is met on time, not guessed early and polled for again
        assertThat(polls.get(polls.size() - 1) - end).isBetween(0L, 1_000L);
        assertThat(blind.get(blind.size() - 1) - end).isGreaterThan(10_000L);
    }

    @Test
    void aShortJobIsPolledWhenItShouldEndNotAfterTheNextDoubling() {
        // 1.5 s of processing: without the pace the polls are at 0.2, 0.6, 1.4 and 3.0 s
        long end = 1_500;
        List<Long> polls = follow(steady(0, end), end);
        assertThat(polls).hasSize(4);
        assertThat(polls.get(3)).isBetween(end, end + 250);
    }

    @Test
    void aJobThatWaitsBeforeItStartsIsPacedFromTheLastPollThatSawNothingProcessed() {
        // queued for 60 s, then 120 s of processing
        long start = 60_000;
        long end = 180_000;
        List<Long> polls = follow(steady(start, end), end);
        assertThat(polls.get(polls.size() - 1) - end).isBetween(0L, 28_000L);
        assertThat(polls.size()).isLessThanOrEqualTo(follow(t -> 0, end).size());
    }

    @Test
    void aCountThatStandsStillIsPolledByTheBackoffAlone() {
        PollBackoff backoff = new PollBackoff(200, 2, 28_000, () -> now);
        now = 0;
        assertThat(backoff.first()).isEqualTo(200);
        now = 200;
        assertThat(backoff.after(900_000, TOTAL)).isEqualTo(200); // 22 ms to go at this pace; never sooner than 200 ms
        now = 400;
        assertThat(backoff.after(900_000, TOTAL)).isEqualTo(800);
        now = 1_200;
        assertThat(backoff.after(900_000, TOTAL)).isEqualTo(1_600);
        now = 2_800;
        assertThat(backoff.after(950_000, TOTAL)).isEqualTo(200); // moving again
    }

    @Test
    void aJobWithEveryRecordProcessedButNotEndedIsPolledAgainSoonThenLessOften() {
        PollBackoff backoff = new PollBackoff(200, 2, 28_000, () -> now);
        now = 0;
        backoff.first();
        long[] delays = new long[12];
        for (int i = 0; i < delays.length; i++) {
            now += 60_000;
            delays[i] = backoff.after(TOTAL, TOTAL);
        }
        assertThat(delays).startsWith(200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 28_000, 28_000);
    }

    @Test
    void aNewFollowStartsItsOwnBackoffAndPace() {
        PollBackoff backoff = new PollBackoff(200, 2, 28_000, () -> now);
        now = 0;
        backoff.first();
        for (int i = 0; i < 10; i++) {
            now += 1_000;
            backoff.after(0, TOTAL);
        }
        PollBackoff other = backoff.fresh();
        assertThat(other.first()).isEqualTo(200);
        assertThat(backoff.first()).isEqualTo(200);
        now += 200;
        assertThat(backoff.after(500_000, TOTAL)).isEqualTo(200); // 0.2 s done half, 0.2 s to go
    }
}
