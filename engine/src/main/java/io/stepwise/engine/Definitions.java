package io.stepwise.engine;

import io.stepwise.asl.Interpreter;
import io.stepwise.asl.ParseResult;
import io.stepwise.asl.Parser;
import io.stepwise.asl.StateMachine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State machine definitions by their SHA-256: each is parsed once and its interpreter shared by all its executions
 * (an interpreter holds no execution state). Standard and express executions get different limits, and only standard
 * ones run a distributed Map as a Map Run of child executions (AWS runs Distributed Maps in standard workflows only;
 * an express execution runs its items inline).
 */
final class Definitions {
    private final EngineConfig config;
    private final Map<String, Interpreter> standard = new ConcurrentHashMap<>();
    private final Map<String, Interpreter> express = new ConcurrentHashMap<>();

    Definitions(EngineConfig config) { this.config = config; }

    static String sha256(String definition) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(definition.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);   // every JDK has SHA-256
        }
    }

    Interpreter interpreter(String sha, String definition, boolean isExpress) {
        return (isExpress ? express : standard).computeIfAbsent(sha, k -> new Interpreter(machine(definition),
                isExpress ? config.expressLimits() : config.standardLimits().withMapRuns(true)));
    }

    /** A definition that was valid when it was stored. */
    static StateMachine machine(String definition) {
        return switch (Parser.parse(definition)) {
            case ParseResult.Valid v -> v.machine();
            case ParseResult.Invalid i -> throw new IllegalStateException("a stored definition no longer parses: "
                    + i.findings());
        };
    }
}
