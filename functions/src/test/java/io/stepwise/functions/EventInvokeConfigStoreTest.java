package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventInvokeConfigStoreTest extends OnBothStores {
    private static final Destination QUEUE = new Destination("arn:aws:sqs:us-east-1:123456789012:q", Destination.Service.SQS);
    private static final Instant WHEN = Instant.parse("2026-05-06T07:08:09.123Z");
    FunctionStore functions;
    AliasStore aliases;
    EventInvokeConfigStore configs;

    @BeforeEach
    void open() {
        var cache = new StoreCache(db);
        functions = new FunctionStore(db, cache);
        aliases = new AliasStore(db, cache);
        configs = new EventInvokeConfigStore(db, cache);
        functions.insert(latest("fn", "aa", 1));
    }

    @Test
    void a_config_reads_back_as_put() {
        var c = config("$LATEST", OptionalInt.of(0), OptionalInt.of(60), Optional.of(QUEUE));
        configs.put(c);
        assertThat(configs.get("fn", "$LATEST")).contains(c);
    }

    @Test
    void putting_again_replaces_every_setting_and_unset_ones_read_back_empty() {
        configs.put(config("$LATEST", OptionalInt.of(1), OptionalInt.of(60), Optional.of(QUEUE)));
        var replaced = config("$LATEST", OptionalInt.empty(), OptionalInt.of(120), Optional.empty());
        configs.put(replaced);
        assertThat(configs.get("fn", "$LATEST")).contains(replaced);
        assertThat(rows("function_event_invoke_configs")).isEqualTo(1);
    }

    @Test
    void configs_are_listed_in_byte_order_of_their_qualifiers() {
        for (String q : List.of("prod", "2", "PROD", "10", "$LATEST")) configs.put(config(q, OptionalInt.empty(), OptionalInt.empty(), Optional.empty()));
        assertThat(configs.list("fn")).extracting(EventInvokeConfig::qualifier).containsExactly("$LATEST", "10", "2", "PROD", "prod");
    }

    @Test
    void deleting_a_version_or_an_alias_deletes_its_config_and_nothing_else() {
        functions.publish("fn", "r", WHEN, Optional.empty());
        aliases.insertAlias(new Alias("fn", "prod", "1", "", Map.of(), "r"));
        for (String q : List.of("$LATEST", "1", "prod")) configs.put(config(q, OptionalInt.of(1), OptionalInt.empty(), Optional.empty()));
        functions.deleteVersion("fn", "1");
        assertThat(configs.list("fn")).extracting(EventInvokeConfig::qualifier).containsExactly("$LATEST", "prod");
        aliases.deleteAlias("fn", "prod");
        assertThat(configs.list("fn")).extracting(EventInvokeConfig::qualifier).containsExactly("$LATEST");
    }

    @Test
    void configs_go_with_their_function() {
        configs.put(config("$LATEST", OptionalInt.of(1), OptionalInt.empty(), Optional.empty()));
        functions.delete("fn");
        assertThat(rows("function_event_invoke_configs")).isZero();
    }

    @Test
    void deleting_says_whether_there_was_a_config() {
        configs.put(config("$LATEST", OptionalInt.of(1), OptionalInt.empty(), Optional.empty()));
        assertThat(configs.delete("fn", "$LATEST")).isTrue();
        assertThat(configs.delete("fn", "$LATEST")).isFalse();
        assertThat(configs.get("fn", "$LATEST")).isEmpty();
    }

    private static EventInvokeConfig config(String qualifier, OptionalInt retries, OptionalInt ageSeconds, Optional<Destination> onFailure) {
        return new EventInvokeConfig("fn", qualifier, retries, ageSeconds, Optional.empty(), onFailure, WHEN);
    }
}
