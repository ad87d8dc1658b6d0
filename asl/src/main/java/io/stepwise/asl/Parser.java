package io.stepwise.asl;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Parses and validates an ASL definition in one pass, returning a machine or every finding. Never throws: bad JSON
 * is an {@code INVALID_JSON_DESCRIPTION} finding with its line and column. The checks are listed in
 * docs/asl-validation.md.
 */
public final class Parser {
    private Parser() {}

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public static ParseResult parse(String definitionJson) {
        if (definitionJson == null || definitionJson.isBlank()) {
            return invalid(Findings.MISSING_DESCRIPTION, "", "The definition is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(definitionJson);
        } catch (JsonProcessingException e) {
            return jsonError(e);
        }
        if (root == null || !root.isObject()) {
            return invalid(Findings.SCHEMA, "", "The definition must be a JSON object, not "
                    + (root == null ? "nothing" : Findings.kind(root)));
        }
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
     * error; findings are located within the state ({@code /Next}, {@code /Retry/0/BackoffRate}).
     */
    public static ParseResult parseState(String stateJson) {
        if (stateJson == null || stateJson.isBlank()) {
            return invalid(Findings.MISSING_DESCRIPTION, "", "The definition is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(stateJson);
        } catch (JsonProcessingException e) {
            return jsonError(e);
        }
        if (root == null || !root.isObject()) {
            return invalid(Findings.SCHEMA, "", "The definition of a state must be a JSON object, not "
                    + (root == null ? "nothing" : Findings.kind(root)));
        }
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
        return new ParseResult.Invalid(findings.all().stream().map(f -> f.location() != null
                && (f.location().equals(prefix) || f.location().startsWith(prefix + "/"))
                ? new Finding(f.code(), f.location().substring(prefix.length()), f.message()) : f).toList());
    }

    private static ParseResult jsonError(JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        String message = e.getOriginalMessage() + where;
        if (e instanceof JsonParseException p && p.getProcessor() instanceof JsonParser jp
                && message.startsWith("Duplicate field")) {
            var ctx = jp.getParsingContext();
            String pointer = ctx.pathAsPointer().toString();
            var parent = ctx.getParent();
            boolean stateName = parent != null && "States".equals(parent.getCurrentName());
            if (stateName) {
                return invalid(Findings.DUPLICATE_STATE, pointer, "State name '" + ctx.getCurrentName()
                        + "' is used more than once" + where);
            }
            return invalid(Findings.INVALID_JSON, pointer, message);
        }
        return invalid(Findings.INVALID_JSON, "", message);
    }

    private static ParseResult invalid(String code, String location, String message) {
        return new ParseResult.Invalid(List.of(new Finding(code, location, message)));
    }
}
