package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue's rows (its rules: {@link EventQueueTest}). */
class EventStoreTest extends OnBothStores {
    private static final long NOW = 1_767_225_600_000L; // 2026-01-01, beyond 32 bits as every epoch millisecond
    EventStore events;

    @BeforeEach
    void open() {
        events = new EventStore(db);
    }

    @Test
    void a_binary_payload_and_the_last_response_come_back_byte_for_byte() {
        byte[] payload = {0, (byte) 0xff, '{', 0, (byte) 0x80};
        events.insert(new EventStore.NewEvent("req", "fn", Optional.of("prod"), payload, 3), NOW);
        EventQueue.Event e = events.due(NOW).getFirst();
        assertThat(e.payload()).isEqualTo(payload);
        assertThat(e.qualifier()).contains("prod");
        assertThat(e.depth()).isEqualTo(3);
        assertThat(e.enqueuedMs()).isEqualTo(NOW);
        assertThat(e.last()).isEmpty();

        byte[] response = {(byte) 0xfe, 0, 1};
        events.retryLater(e.id(), 1, NOW + 60_000, new EventQueue.Response(response, "1", Optional.of("Unhandled")));
        assertThat(events.due(NOW)).isEmpty();
        EventQueue.Event retried = events.dueNow(e.id(), NOW + 60_000).orElseThrow();
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.last().orElseThrow().payload()).isEqualTo(response);
        assertThat(retried.last().orElseThrow().functionError()).contains("Unhandled");
    }

    @Test
    void events_due_at_the_same_time_are_taken_in_the_order_they_were_queued() {
        for (String id : new String[] {"a", "b", "c"}) events.insert(new EventStore.NewEvent(id, "fn", Optional.empty(), new byte[] {1}, 0), NOW);
        long first = events.due(NOW).getFirst().id();
        events.reschedule(first, NOW); // an updated row moves to the end of a PostgreSQL table
        assertThat(events.due(NOW)).extracting(EventQueue.Event::requestId).containsExactly("a", "b", "c");
    }

    @Test
    void the_next_due_time_and_the_count_follow_the_rows() {
        assertThat(events.nextDue()).isEqualTo(Long.MAX_VALUE);
        events.insert(new EventStore.NewEvent("a", "fn", Optional.empty(), new byte[0], 0), NOW + 5);
        events.insert(new EventStore.NewEvent("b", "fn", Optional.empty(), new byte[0], 0), NOW);
        assertThat(events.nextDue()).isEqualTo(NOW);
        assertThat(events.pending()).isEqualTo(2);
        long b = events.due(NOW).getFirst().id();
        events.finish(b, Optional.of(new EventStore.NewEvent("record", "dest", Optional.empty(), new byte[] {2}, 1)), NOW + 1);
        assertThat(events.due(NOW + 5)).extracting(EventQueue.Event::requestId).containsExactly("record", "a");
        events.delete(events.due(NOW + 5).getFirst().id());
        assertThat(events.pending()).isEqualTo(1);
    }
}
