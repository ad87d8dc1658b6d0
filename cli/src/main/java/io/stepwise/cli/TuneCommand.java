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

    @Parameters(index = "0", arity = "0..1", paramLabel = "FUNCTION", description = "function name or ARN")
    String function;
    @Option(names = "--workflow", paramLabel = "STATE_MACHINE", description = "tune every function a workflow calls: "
            + "runs one execution with --input, takes each Lambda task's real payloads from its history, tunes each "
            + "function, and prices one execution now and tuned") String workflow;
    @Option(names = "--input", paramLabel = "JSON|@FILE", description = "with --workflow: the execution's input "
            + "(default: {})") String workflowInput;
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
    @Option(names = "--allowed-exceptions", paramLabel = "TYPE,TYPE,...", split = ",", description = "function "
            + "errors that still count as measurements (e.g. the ones a workflow retries); any other error leaves the "
            + "size out") List<String> allowedExceptions;
    @Option(names = "--json", description = "print the state machine's output JSON only") boolean json;
    @Option(names = "--chart", paramLabel = "FILE.svg|FILE.html", description = "also write a chart of duration and "
            + "cost against memory, the recommendation marked") Path chart;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return remote.run(err, () -> {
            if ((function == null) == (workflow == null)) {
                err.println("stepwise tune: give a FUNCTION or --workflow STATE_MACHINE (one of the two)");
                err.flush();
                return Remote.REFUSED;
            }
            if (workflow != null) return tuneWorkflow(out, err);
            ObjectNode input = input(function, power);
            try (SfnClient sfn = remote.sfn()) {
                var tuned = run(sfn, install(sfn), input, err, function, !json);
                if (tuned.isEmpty()) return Remote.EXECUTION_FAILED;
                JsonNode output = tuned.get();
                if (chart != null) {
                    writeChart(output, function);
                    err.println("chart written to " + chart);
                    err.flush();
                }
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

    /**
     * One function's tuning, its progress on stderr (with --json, stdout holds the output and nothing else): its
     * output, or empty when its run did not succeed (said on stderr). {@code announce}: say which execution runs it.
     */
    private java.util.Optional<JsonNode> run(SfnClient sfn, String machine, ObjectNode input, PrintWriter err,
                                             String fn, boolean announce) throws Exception {
        var started = sfn.startExecution(r -> r.stateMachineArn(machine).input(input.toString()));
        if (announce) err.println("tuning " + fn + ": " + started.executionArn());
        err.flush();
        var e = new ExecutionWatch(remote, sfn).watch(started.executionArn(), started.startDate(),
                ProgressDisplay.on(err, err, "tune " + fn), false);
        if (e.status() != ExecutionStatus.SUCCEEDED) {
            err.println("tuning " + fn + " " + e.statusAsString() + ": " + e.error() + ": " + e.cause());
            err.flush();
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Json.MAPPER.readTree(e.output()));
    }

    /** {@code --workflow}: one execution, then each function it called tuned with its real payloads. */
    private int tuneWorkflow(PrintWriter out, PrintWriter err) throws Exception {
        io.stepwise.tuning.Prices prices = io.stepwise.tuning.Prices.load();
        try (SfnClient sfn = remote.sfn(); var lambda = remote.lambda()) {
            String machineArn = Workflows.machineArn(sfn, workflow);
            String in = workflowInput == null ? "{}" : Workflows.jsonArgument(workflowInput);
            var started = sfn.startExecution(r -> r.stateMachineArn(machineArn).input(in));
            err.println("running " + workflow + " once to see what it calls: " + started.executionArn());
            err.flush();
            var run = new ExecutionWatch(remote, sfn).watch(started.executionArn(), started.startDate(),
                    ProgressDisplay.on(err, err, WorkflowStartCommand.label(started.executionArn())), false);
            var calls = WorkflowTuning.calls(sfn, run.executionArn());
            long transitions = sfn.getExecutionHistoryPaginator(r -> r.executionArn(run.executionArn())
                    .maxResults(1000)).events().stream().filter(e -> e.typeAsString().endsWith("StateEntered")).count();
            if (calls.isEmpty()) {
                err.println("stepwise tune: " + workflow + " called no Lambda function in " + run.executionArn()
                        + " (" + run.statusAsString() + ")");
                err.flush();
                return Remote.EXECUTION_FAILED;
            }
            String machine = install(sfn);
            Table t = new Table("FUNCTION", "CALLS/RUN", "NOW", "MEAN ms", "COST/RUN", "TUNED", "MEAN ms", "COST/RUN");
            double before = transitions * prices.perTransition();
            double after = before;
            ArrayNode report = Json.MAPPER.createArrayNode();
            for (var c : calls.values()) {
                int current = lambda.getFunctionConfiguration(r -> r.functionName(c.function())).memorySize();
                List<Integer> sizes = new java.util.ArrayList<>(power == null || power.isEmpty()
                        ? io.stepwise.tuning.TuningInput.DEFAULT_POWER_VALUES : power);
                if (!sizes.contains(current)) sizes.add(current);
                ObjectNode input = input(c.function(), sizes);
                input.set("payload", WorkflowTuning.sample(c.payloads(), num));
                var output = run(sfn, machine, input, err, c.function(), true);
                if (output.isEmpty()) return Remote.EXECUTION_FAILED;
                JsonNode o = output.get();
                JsonNode now = null;
                JsonNode tuned = null;
                for (JsonNode s : o.path("stats")) {
                    if (s.path("value").asInt() == current) now = s;
                    if (s.path("value").asInt() == o.path("power").asInt()) tuned = s;
                }
                int n = c.payloads().size();
                double costNow = WorkflowTuning.cost(n, now.path("averagePrice").asDouble(), prices);
                double costTuned = WorkflowTuning.cost(n, tuned.path("averagePrice").asDouble(), prices);
                before += costNow;
                after += costTuned;
                t.row(c.function(), n, current + " MB" + (now.has("failure") ? " (" + now.path("failure").asText()
                        + ")" : ""), ms(now.path("averageDuration")), dollars(costNow), o.path("power").asInt() + " MB",
                        ms(tuned.path("averageDuration")), dollars(costTuned));
                ObjectNode r = report.addObject();
                r.put("function", c.function());
                r.put("calls", n);
                r.put("memoryNow", current);
                r.put("costNow", costNow);
                r.set("tuning", o);
            }
            if (json) {
                ObjectNode o = Json.MAPPER.createObjectNode();
                o.put("executionArn", run.executionArn());
                o.put("stateTransitions", transitions);
                o.put("costPerExecutionNow", before);
                o.put("costPerExecutionTuned", after);
                o.set("functions", report);
                out.println(o);
            } else {
                t.print(out);
                out.println();
                out.println(String.format(java.util.Locale.ROOT, "one execution of %s: %s now, %s tuned (%s%.1f%%); "
                        + "%d state transitions (%s) included, requests included", workflow, dollars(before),
                        dollars(after), after <= before ? "-" : "+", Math.abs(100 * (before - after) / before),
                        transitions, dollars(transitions * prices.perTransition())));
                out.println("strategy " + strategy + " per function; apply with: stepwise tune FUNCTION ... "
                        + "--auto-optimize");
            }
            out.flush();
            return 0;
        }
    }

    /** The tuner's input for {@code fn} at {@code sizes} (null or empty: the tuner's defaults), from the options. */
    ObjectNode input(String fn, List<Integer> sizes) throws java.io.IOException {
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.put("lambdaARN", fn);
        in.put("num", num);
        if (sizes != null && !sizes.isEmpty()) {
            ArrayNode p = in.putArray("powerValues");
            sizes.forEach(p::add);
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
        if (allowedExceptions != null && !allowedExceptions.isEmpty()) {
            ArrayNode allowed = in.putArray("allowedExceptions");
            allowedExceptions.forEach(allowed::add);
        }
        return in;
    }

    private void writeChart(JsonNode output, String title) throws java.io.IOException {
        List<io.stepwise.tuning.SizeStats> sizes = new java.util.ArrayList<>();
        output.path("stats").forEach(s -> sizes.add(PowerTuning.parseStat(s)));
        io.stepwise.tuning.chart.PowerChart.write(chart, sizes, java.util.Optional.of(output.path("power").asInt()),
                title + ": " + strategy + " strategy, " + num + " invocations per size");
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
