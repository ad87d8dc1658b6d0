package io.stepwise.engine;

import io.stepwise.asl.Command;
import io.stepwise.asl.Event;
import io.stepwise.asl.LocalExecution;
import io.stepwise.asl.TaskResource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The Lambda tasks of a local run ({@code stepwise run --functions-endpoint}), called for real through a
 * {@link LambdaInvoker} exactly as the engine calls them (same payloads, results and errors), as Step Functions Local
 * does with its {@code LambdaEndpoint}. A local run has no server to hand a task token to, so a
 * {@code .waitForTaskToken} task and every other integration fail the state with {@code States.Runtime}, saying to
 * mock them. A call that cannot reach Lambda fails the state with {@code Lambda.SdkClientException}, as on AWS.
 */
public final class LocalLambdaTasks implements LocalExecution.Tasks {
    private final LambdaTask lambda;

    public LocalLambdaTasks(LambdaInvoker invoker, InstantSource clock) {
        this.lambda = new LambdaTask(invoker, clock);
    }

    @Override
    public Optional<Answer> answer(Command.InvokeTask t) {
        TaskResource r = t.resource();
        if (!Integrations.isLambda(r) || r.pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN) {
            return Optional.of(new Answer(new Event.TaskFailed(t.taskId(), "States.Runtime", "A local run calls "
                    + "Lambda functions only (a function ARN or arn:aws:states:::lambda:invoke), not the resource '"
                    + r.arn() + "' of the Task state '" + t.stateName() + "': mock it in the test case"), Duration.ZERO));
        }
        long start = System.nanoTime();
        Event e;
        try {
            e = lambda.run(t);
        } catch (RuntimeException unreachable) {   // the invoker could not reach Lambda (refusals are answers)
            e = new Event.TaskFailed(t.taskId(), "Lambda.SdkClientException", "Unable to execute HTTP request: "
                    + unreachable.getMessage());
        }
        return Optional.of(new Answer(e, Duration.ofNanos(System.nanoTime() - start)));
    }
}
