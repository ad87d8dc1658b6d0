package io.stepwise.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.Finding;
import io.stepwise.asl.HistoryEvent;
import io.stepwise.asl.HistoryJson;
import io.stepwise.asl.LocalExecution;
import io.stepwise.engine.LocalLambdaTasks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * {@code stepwise run}: one execution in-process (no server), Task states answered from a Step Functions Local mock
 * config, and with {@code --functions-endpoint} the Lambda tasks it does not mock called on a server (Step Functions
 * Local's {@code LambdaEndpoint}). Exit 0 with the output on stdout; 1 with {@code {"error","cause"}} on stdout; 2 when
 * the definition, the input or a file is rejected (findings on stderr, one per line); 3 when the functions endpoint
 * cannot be reached.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a state machine locally: Waits do not sleep (unless --wait-scale), Task states are answered "
                + "from a mock config, or call the functions of a server (--functions-endpoint).")
final class RunCommand implements Callable<Integer> {
    /** Built on first use, not when picocli creates the command for every {@code stepwise} call (~0.2 s of start-up). */
    private static final class Output {
        // non-ASCII escaped: the output stays valid JSON whatever the terminal's or pipe's encoding
        static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    }

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEFINITION", description = "The ASL definition file.")
    Path definition;

    @Option(names = "--input", paramLabel = "JSON|@FILE", description = "Execution input (default {}).")
    String input;

    @Option(names = "--mock-config", paramLabel = "FILE", description = "Step Functions Local MockConfigFile JSON.")
    Path mockConfig;

    @Option(names = "--test-case", paramLabel = "NAME", description = "Test case of the mock config to use.")
    String testCase;

    @Option(names = "--state-machine-name", paramLabel = "NAME",
            description = "State machine name (ARNs, and the mock config entry; default: the only one in the file).")
    String stateMachineName;

    @Option(names = "--functions-endpoint", paramLabel = "URL",
            description = "Call the Lambda functions of the server at URL for the Task states the mock config does not "
                    + "answer (Step Functions Local's LambdaEndpoint), e.g. http://127.0.0.1:8080.")
    String functionsEndpoint;

    @Option(names = "--history", description = "Also print the execution history (a JSON array) on stderr.")
    boolean history;

    @Option(names = "--wait-scale", paramLabel = "FACTOR", defaultValue = "0",
            description = "Real time a Wait or a retry interval takes, as a share of its length: 0 (default) none, "
                    + "the clock jumps; 1 the real time; 0.1 a tenth. Timestamps always advance by the full length.")
    double waitScale;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String definitionJson;
        String inputJson;
        Optional<String> mocks = Optional.empty();
        try {
            definitionJson = Files.readString(definition);
            inputJson = input == null ? "{}" : input.startsWith("@") ? Files.readString(Path.of(input.substring(1))) : input;
            if (mockConfig != null) mocks = Optional.of(Files.readString(mockConfig));
        } catch (IOException | RuntimeException e) {
            err.println("FILE_NOT_READABLE at /: cannot read " + describe(e));
            err.flush();
            return 2;
        }
        if (mocks.isPresent() && testCase == null) {
            err.println("INVALID_MOCK_CONFIG at /: --mock-config needs --test-case NAME");
            err.flush();
            return 2;
        }
        LocalExecution.Options options;
        try {
            options = LocalExecution.Options.defaults().withWaitScale(waitScale);  // Options checks the scale
        } catch (IllegalArgumentException e) {
            err.println("INVALID_OPTION at /: --wait-scale must be a number >= 0, not " + waitScale);
            err.flush();
            return 2;
        }
        if (stateMachineName != null) options = options.withStateMachineName(stateMachineName);
        if (mocks.isPresent()) options = options.withMockConfig(mocks.get(), testCase);
        LambdaClient lambda = null;
        if (functionsEndpoint != null) {
            try {
                lambda = Remote.of(functionsEndpoint, null).lambda();
                lambda.listFunctions(b -> b.maxItems(1));   // reachable before anything runs
            } catch (LambdaException refused) {
                // reachable: a refusal (a key it does not accept) is for the tasks to meet, as on AWS
            } catch (RuntimeException e) {
                err.println("stepwise: cannot reach the functions endpoint " + functionsEndpoint + " (" + e.getMessage()
                        + ")");
                err.flush();
                if (lambda != null) lambda.close();
                return Remote.UNREACHABLE;
            }
            options = options.withTasks(new LocalLambdaTasks(new EndpointLambda(lambda), InstantSource.system()));
        }
        LocalExecution.Result result;
        try {
            result = LocalExecution.run(definitionJson, inputJson, options);
        } finally {
            if (lambda != null) lambda.close();
        }
        int code = switch (result) {
            case LocalExecution.Succeeded s -> {
                out.println(Output.JSON.writeValueAsString(s.output()));
                printHistory(err, s.history());
                yield 0;
            }
            case LocalExecution.Failed f -> {
                ObjectNode o = Output.JSON.createObjectNode();
                o.put("error", f.error());
                o.put("cause", f.cause());
                out.println(Output.JSON.writeValueAsString(o));
                printHistory(err, f.history());
                yield 1;
            }
            case LocalExecution.Invalid i -> {
                printFindings(err, i.findings());
                yield 2;
            }
        };
        out.flush();
        err.flush();
        return code;
    }

    private void printHistory(PrintWriter err, List<HistoryEvent> events) throws IOException {
        if (history) err.println(Output.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(HistoryJson.events(events)));
    }

    private static void printFindings(PrintWriter err, List<Finding> findings) {
        for (Finding f : findings) {
            err.println(f.code() + f.location().map(l -> " at " + l).orElse("") + ": " + f.message());
        }
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException n ? n.getFile() + " (no such file)"
                : String.valueOf(e.getMessage());
    }
}
