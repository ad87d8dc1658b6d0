package io.stepwise.asl;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Parses and validates an ASL definition in one pass, returning a machine or every finding. Never throws: bad JSON
 * is an {@code INVALID_JSON_DESCRIPTION} finding located, as on AWS, by the parser's own
 * {@code [Source: ...; line: L, column: C]}; text that is no JSON object (blank included) is AWS's unlocated
 * "Definition must be a valid JSON object". The checks and their sources are listed in docs/asl-validation.md.
 */
public final class Parser {
    private Parser() {}

    /** AWS's wording for a definition that is blank or not a JSON object (recorded; no location). */
    static final String NOT_AN_OBJECT = "Definition must be a valid JSON object";

    // The source in error locations is what AWS shows ("[Source: (String)\"not a definition\"; line: 1, column: 4]").
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    /** To tell a repeated key in JSON from one in text that is no JSON further on (then the syntax error is it). */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    public static ParseResult parse(String definitionJson) {
        JsonNode root;
        try {
            root = definitionJson == null ? null : JSON.readTree(definitionJson);
        } catch (JsonProcessingException e) {
            return jsonError(definitionJson, e);
        }
        if (root == null || !root.isObject()) return notAnObject();
        Findings findings = new Findings();
        StateMachine machine = new MachineParser(findings).topLevel((ObjectNode) root);
        return findings.isEmpty() ? new ParseResult.Valid(machine) : new ParseResult.Invalid(findings.all());
    }

    /** The name {@link #parseState} gives the one state (AWS shows it as {@code $$.State.Name} in TestState). */
    public static final String TESTED_STATE = "StateName";

    /**
     * Parses the definition of one state (what TestState takes without a {@code stateName}) as a machine of that
     * state alone, named {@link #TESTED_STATE} (with a {@code _} more while a transition uses the name). The states
     * its Next, Default, Choices and Catch name stand in as Succeed states, so a transition out of the state is no
     * error; findings are located within the state ({@code /Next}, {@code /Retry[0]/BackoffRate}).
     */
    public static ParseResult parseState(String stateJson) {
        JsonNode root;
        try {
            root = stateJson == null ? null : JSON.readTree(stateJson);
        } catch (JsonProcessingException e) {
            return jsonError(stateJson, e);
        }
        if (root == null || !root.isObject()) return notAnObject();
        java.util.Set<String> targets = new java.util.LinkedHashSet<>();
        for (String field : List.of("Next", "Default")) {
            if (root.path(field).isTextual()) targets.add(root.get(field).textValue());
        }
        for (String array : List.of("Choices", "Catch")) {
            root.path(array).forEach(rule -> {
                if (rule.path("Next").isTextual()) targets.add(rule.get("Next").textValue());
            });
        }
        String name = TESTED_STATE;
        while (targets.contains(name)) name += "_";
        ObjectNode machine = JSON.createObjectNode().put("StartAt", name);
        ObjectNode states = machine.putObject("States");
        states.set(name, root);
        for (String t : targets) {
            if (!t.isEmpty() && t.length() <= MachineParser.MAX_STATE_NAME) states.putObject(t).put("Type", "Succeed");
        }
        Findings findings = new Findings();
        StateMachine parsed = new MachineParser(findings).topLevel(machine);
        if (findings.isEmpty()) return new ParseResult.Valid(parsed);
        String prefix = Findings.at("/States", name);
        // One state is no workflow: a missing terminal state only echoes a Next naming no state, reported already.
        return new ParseResult.Invalid(findings.all().stream().filter(f -> !f.code().equals(Findings.MISSING_END))
                .map(f -> f.location()
                .filter(l -> l.equals(prefix) || l.startsWith(prefix + "/") || l.startsWith(prefix + "["))
                .map(l -> new Finding(f.code(), l.equals(prefix) ? "/" : l.substring(prefix.length()), f.message()))
                .orElse(f)).toList());
    }

    private static ParseResult notAnObject() {
        return new ParseResult.Invalid(List.of(new Finding(Findings.SCHEMA, Optional.empty(), NOT_AN_OBJECT)));
    }

    /**
     * AWS answers bad JSON with the parser's message and, as the location, the parser's
     * {@code [Source: ...; line: L, column: C]} (recorded). A state name given twice in one States object is
     * DUPLICATE_STATE_NAME, as AWS reports it; any other repeated key is bad JSON located at the key (ours). A
     * repeated key in text that is no JSON further on is that syntax error: the key's location would name a node of
     * a document that does not exist (found by ParserInvariants).
     */
    private static ParseResult jsonError(String text, JsonProcessingException e) {
        if (e instanceof JsonParseException p && p.getProcessor() instanceof JsonParser jp
                && e.getOriginalMessage().startsWith("Duplicate field")) {
            try {
                LENIENT.readTree(text);
            } catch (JsonProcessingException syntax) {
                return jsonError(text, syntax);
            }
            var ctx = jp.getParsingContext();
            String at = location(ctx);
            var parent = ctx.getParent();
            if (parent != null && "States".equals(parent.getCurrentName())) {
                return invalid(Findings.DUPLICATE_STATE, at, "Duplicate State name: " + ctx.getCurrentName());
            }
            return invalid(Findings.INVALID_JSON, at, e.getOriginalMessage());
        }
        String source = e.getLocation() == null ? "" : e.getLocation().toString();
        return invalid(Findings.INVALID_JSON, source, e.getOriginalMessage() + "\n at " + source);
    }

    /** Where the parser stands, in AWS's location form ({@code /States/P/Branches[1]/States/X}). */
    private static String location(JsonStreamContext ctx) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.push("[" + c.getCurrentIndex() + "]");
            else parts.push("/" + c.getCurrentName());
        }
        return parts.isEmpty() ? "/" : String.join("", parts);
    }

    private static ParseResult invalid(String code, String location, String message) {
        return new ParseResult.Invalid(List.of(new Finding(code, location, message)));
    }
}
