package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Interpreter throughput on one thread, in state transitions per second (DESIGN.md §7: ≥ 200,000/s): a chain of 100
 * Pass states with InputPath/Parameters/ResultPath/OutputPath, and an inline Map over 1,000 items. Each invocation
 * runs a whole execution (parse excluded) and records its full history.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class InterpreterBench {
    static final int CHAIN = 100;
    static final int ITEMS = 1_000;

    Interpreter chain;
    Interpreter map;
    JsonNode chainInput;
    JsonNode mapInput;
    final ExecutionInfo info = ExecutionInfo.local("Bench", "exec");

    @Setup
    public void setup() throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder states = new StringBuilder();
        for (int i = 0; i < CHAIN; i++) {
            if (i > 0) states.append(',');
            states.append("\"S").append(i).append("\": {\"Type\": \"Pass\", \"InputPath\": \"$.data\", ")
                    .append("\"Parameters\": {\"value.$\": \"$.value\", \"step\": ").append(i).append("}, ")
                    .append("\"ResultPath\": \"$.data.last\", \"OutputPath\": \"$\", ")
                    .append(i == CHAIN - 1 ? "\"End\": true}" : "\"Next\": \"S" + (i + 1) + "\"}");
        }
        chain = interpreter("{\"StartAt\": \"S0\", \"States\": {" + states + "}}");
        chainInput = json.readTree("{\"data\": {\"value\": 42, \"tags\": [\"a\", \"b\"]}, \"meta\": {\"owner\": \"bench\"}}");
        map = interpreter("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
                  "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$",
                    "Parameters": {"v.$": "$.value"}, "ResultPath": "$.r", "End": true}}},
                  "ResultPath": "$.results", "End": true}}}""");
        var items = json.createArrayNode();
        for (int i = 0; i < ITEMS; i++) items.add(json.createObjectNode().put("id", i).put("name", "item-" + i));
        mapInput = json.createObjectNode().set("items", items);
    }

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static Interpreter interpreter(String definition) {
        var machine = ((ParseResult.Valid) Parser.parse(definition)).machine();
        return new Interpreter(machine, Interpreter.Config.defaults());
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Step passChain() {
        Step s = chain.start(info, chainInput, START, 1);
        if (!(s.status() instanceof Execution.Succeeded)) throw new AssertionError(s.status());
        return s;
    }

    /** 1,001 transitions per execution: the Map state and one Pass per item. */
    @Benchmark
    @OperationsPerInvocation(ITEMS + 1)
    public Step map1000() {
        Step s = map.start(info, mapInput, START, 1);
        if (!(s.status() instanceof Execution.Succeeded)) throw new AssertionError(s.status());
        return s;
    }
}
