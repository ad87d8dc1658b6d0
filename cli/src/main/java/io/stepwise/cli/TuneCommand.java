package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.tuning.PowerTuning;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * {@code stepwise tune FUNCTION}: AWS Lambda Power Tuning on the server's own functions. It runs the original tool's
 * state machine ({@value PowerTuning#MACHINE_NAME}, installed on first use) with the original's input, shows its
 * progress, then a table of every size with the recommendation, or with {@code --json} the output and nothing else.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Finds a function's best memory size: invokes it --num times at each --power size, then prints "
                + "duration, cost and errors per size and the size the --strategy recommends (AWS Lambda Power "
                + "Tuning's state machine, run on the server).")
final class TuneCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "function name or ARN") String function;
    @Option(names = "--power", paramLabel = "MB,MB,...", split = ",",
            description = "memory sizes to measure (default: 128,256,512,1024,1536,3008)") List<Integer> power;
    @Option(names = "--num", paramLabel = "N", description = "invocations per size, at least 5 (default: 10)") int num = 10;
    @Option(names = "--payload", paramLabel = "JSON|@FILE", description = "the event (default: {}); a JSON list of "
            + "{\"payload\": ..., \"weight\": n} shares the invocations by weight") String payload;
    @Option(names = "--strategy", paramLabel = "cost|speed|balanced", description = "what to optimize (default: cost)")
    String strategy = "cost";
    @Option(names = "--balanced-weight", paramLabel = "W", description = "balanced: the weight of cost against speed, "
            + "0 to 1 (default: 0.5)") double balancedWeight = 0.5;
    @Option(names = "--parallel", description = "invoke the --num invocations of a size at once (they share the "
            + "machine's cores: durations are less comparable)") boolean parallel;
    @Option(names = "--only-cold-starts", description = "measure cold starts only (a version per invocation)")
    boolean coldStarts;
    @Option(names = "--discard-top-bottom", paramLabel = "F", description = "share of the fastest and of the slowest "
            + "invocations left out of the mean, 0 to 0.4 (default: 0.2)") double discard = 0.2;
    @Option(names = "--architecture", paramLabel = "x86_64|arm64|both", description = "prices to show (default: the "
            + "function's architecture; durations are measured on this machine)") String architecture;
    @Option(names = "--auto-optimize", description = "apply the recommended size to the function afterwards")
    boolean autoOptimize;
    @Option(names = "--alias", paramLabel = "NAME", description = "with --auto-optimize: publish a version and point "
            + "this alias at it") String alias;
    @Option(names = "--json", description = "print the state machine's output JSON only") boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return remote.run(err, () -> {
            ObjectNode input = input();
            try (SfnClient sfn = remote.sfn()) {
                String machine = install(sfn);
                var started = sfn.startExecution(r -> r.stateMachineArn(machine).input(input.toString()));
                if (!json) err.println("tuning " + function + ": " + started.executionArn());
                err.flush();
                var watch = new ExecutionWatch(remote, sfn);
                // the progress goes to stderr: with --json, stdout holds the output and nothing else
                var e = watch.watch(started.executionArn(), started.startDate(),
                        ProgressDisplay.on(err, err, "tune " + function), false);
                if (e.status() != ExecutionStatus.SUCCEEDED) {
                    err.println("tuning " + function + " " + e.statusAsString() + ": " + e.error() + ": " + e.cause());
                    err.flush();
                    return Remote.EXECUTION_FAILED;
                }
                JsonNode output = Json.MAPPER.readTree(e.output());
                if (json) {
                    out.println(output.toString());
                } else {
                    report(out, output);
                }
                out.flush();
                return 0;
            }
        });
    }

    ObjectNode input() throws java.io.IOException {
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.put("lambdaARN", function);
        in.put("num", num);
        if (power != null && !power.isEmpty()) {
            ArrayNode p = in.putArray("powerValues");
            power.forEach(p::add);
        }
        if (payload != null) {
            String text = payload.startsWith("@") ? Files.readString(Path.of(payload.substring(1))) : payload;
            in.set("payload", Json.MAPPER.readTree(text));
        }
        in.put("strategy", strategy);
        in.put("balancedWeight", balancedWeight);
        in.put("parallelInvocation", parallel);
        in.put("onlyColdStarts", coldStarts);
        in.put("discardTopBottom", discard);
        in.put("autoOptimize", autoOptimize);
        if (alias != null) in.put("autoOptimizeAlias", alias);
        in.put("includeOutputResults", true);
        return in;
    }

    /** The tuner's state machine, created (or brought up to date) when it is not the one this CLI ships. */
    static String install(SfnClient sfn) {
        String arn = sfn.listStateMachinesPaginator(r -> r.maxResults(1000)).stateMachines().stream()
                .filter(m -> m.name().equals(PowerTuning.MACHINE_NAME)).map(m -> m.stateMachineArn()).findFirst()
                .orElse(null);
        if (arn == null) {
            return sfn.createStateMachine(r -> r.name(PowerTuning.MACHINE_NAME).definition(PowerTuning.DEFINITION)
                    .roleArn("arn:aws:iam::123456789012:role/stepwise-power-tuning")).stateMachineArn();
        }
        String machine = arn;
        try {
            if (!sfn.describeStateMachine(r -> r.stateMachineArn(machine)).definition().equals(PowerTuning.DEFINITION)) {
                sfn.updateStateMachine(r -> r.stateMachineArn(machine).definition(PowerTuning.DEFINITION));
            }
        } catch (StateMachineDoesNotExistException gone) {
            return install(sfn);
        }
        return machine;
    }

    void report(PrintWriter out, JsonNode o) {
        int best = o.path("power").asInt();
        boolean arm = "arm64".equals(architecture) || "both".equals(architecture);
        boolean x86 = !"arm64".equals(architecture);
        Table t = new Table(columns(x86, arm));
        for (JsonNode s : o.path("stats")) {
            boolean failed = s.has("failure");
            String note = s.path("value").asInt() == best ? "<- recommended"
                    : failed ? "failed: " + s.path("failure").asText() : "";
            List<Object> row = new java.util.ArrayList<>(List.of(s.path("value").asInt() + " MB"));
            if (failed && s.path("invocations").asInt() == 0) {
                for (int i = 0; i < 6; i++) row.add("-");
            } else {
                row.add(ms(s.path("averageDuration")));
                row.add(ms(s.path("p50")));
                row.add(ms(s.path("p90")));
                row.add(ms(s.path("p99")));
                row.add(ms(s.path("averageBilledDuration")));
                row.add(s.has("averageInitDuration") ? ms(s.path("averageInitDuration")) : "-");
            }
            if (x86) row.add(dollars(s.path("averagePriceX86_64").asDouble()));
            if (arm) row.add(dollars(s.path("averagePriceArm64").asDouble()));
            row.add(dollars(s.path("pricePerMillion").asDouble()));
            row.add(s.path("errors").asInt() + "/" + (s.path("invocations").asInt() + s.path("errors").asInt()));
            row.add(note);
            t.row(row.toArray());
        }
        t.print(out);
        out.println();
        out.println("recommended: " + best + " MB (" + why(o) + "): " + ms(o.path("duration")) + " ms, "
                + dollars(o.path("cost").asDouble()) + " per invocation");
        for (JsonNode w : o.path("warnings")) out.println("warning: " + w.asText());
        JsonNode sm = o.path("stateMachine");
        out.println(String.format(Locale.ROOT, "tuning cost on AWS: %s of invocations, %s of state transitions",
                dollars(sm.path("lambdaCost").asDouble()), dollars(sm.path("executionCost").asDouble())));
        out.println("chart: " + sm.path("visualization").asText());
    }

    private static String[] columns(boolean x86, boolean arm) {
        List<String> c = new java.util.ArrayList<>(List.of("MEMORY", "MEAN ms", "P50", "P90", "P99", "BILLED ms",
                "INIT ms"));
        if (x86) c.add("COST x86_64");
        if (arm) c.add("COST arm64");
        c.addAll(List.of("PER 1M (+requests)", "ERRORS", ""));
        return c.toArray(String[]::new);
    }

    private String why(JsonNode o) {
        return switch (strategy) {
            case "speed" -> "speed: the fastest size measured, ties to the cheaper";
            case "balanced" -> String.format(Locale.ROOT, "balanced: the lowest %.2f x cost/max cost + %.2f x "
                    + "duration/max duration", balancedWeight, 1 - balancedWeight);
            default -> "cost: the cheapest size measured, ties to the faster";
        };
    }

    static String ms(JsonNode v) {
        return String.format(Locale.ROOT, "%.1f", v.asDouble());
    }

    /** Three significant digits, never in exponent form: {@code $0.00000231}. */
    static String dollars(double v) {
        if (v == 0) return "$0";
        return "$" + new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
