package io.stepwise.engine;

import io.stepwise.asl.Command;
import io.stepwise.asl.Event;
import io.stepwise.asl.TaskResource;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a Task state's attempt by its resource: Lambda functions (a plain function ARN or
 * {@code lambda:invoke}, also {@code .waitForTaskToken}), and nested executions ({@code states:startExecution}).
 * Every other AWS service has no integration here: its task fails with {@code States.Runtime} at run time (the
 * definition itself is valid on AWS, so it is accepted), and the cause says so.
 */
final class Integrations {
    private static final Logger log = LoggerFactory.getLogger(Integrations.class);

    /** Runs a nested execution for a {@code states:startExecution} task (implemented by the engine). */
    interface Nested {
        void start(Run parent, Command.InvokeTask task, Consumer<Event> reply);
    }

    private final LambdaTask lambda;
    private final Callbacks callbacks;
    private final Nested nested;
    private volatile BuiltInTasks builtIns = BuiltInTasks.NONE;

    Integrations(LambdaTask lambda, Callbacks callbacks, Nested nested) {
        this.lambda = lambda;
        this.callbacks = callbacks;
        this.nested = nested;
    }

    void builtIns(BuiltInTasks tasks) { this.builtIns = tasks; }

    /** Starts the task; {@code reply} hears its outcome (from another thread, later). */
    void invoke(Run run, Command.InvokeTask t, Consumer<Event> reply) {
        TaskResource r = t.resource();
        boolean callback = r.pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN;
        if (callback) t.taskToken().ifPresent(token -> callbacks.register(token, run, t.taskId()));
        // with a task token, a successful start only hands the token over: the callback answers (a failure still fails)
        Consumer<Event> answer = callback ? e -> {
            if (!(e instanceof Event.TaskSucceeded)) reply.accept(e);
        } : reply;
        if (isLambda(r)) {
            Thread.startVirtualThread(() -> {
                Event e;
                try {
                    e = lambda.run(t);
                } catch (RuntimeException bug) {
                    log.error("the Lambda task {} of {} failed unexpectedly", t.stateName(), run.arn(), bug);
                    e = new Event.TaskFailed(t.taskId(), "Lambda.ServiceException", "Stepwise could not invoke the "
                            + "function: " + bug);
                }
                answer.accept(e);
            });
        } else if (r.kind() == TaskResource.Kind.SERVICE_INTEGRATION && r.service().equals("states")
                && r.action().equals("startExecution")) {
            nested.start(run, t, answer);
        } else if (r.kind() == TaskResource.Kind.SERVICE_INTEGRATION && r.service().equals("stepwise")
                && r.pattern() == TaskResource.Pattern.REQUEST_RESPONSE && builtIns.serves(r.action())) {
            BuiltInTasks tasks = builtIns;
            Thread.startVirtualThread(() -> {
                Event e;
                try {
                    e = new Event.TaskSucceeded(t.taskId(), tasks.run(r.action(), t.input()));
                } catch (BuiltInTasks.Failed f) {
                    e = new Event.TaskFailed(t.taskId(), f.error(), f.getMessage());
                } catch (RuntimeException bug) {
                    log.error("the task {} of {} failed unexpectedly", t.stateName(), run.arn(), bug);
                    e = new Event.TaskFailed(t.taskId(), "States.Runtime", "Stepwise's task " + r.action()
                            + " failed: " + bug);
                }
                reply.accept(e);
            });
        } else {
            reply.accept(new Event.TaskFailed(t.taskId(), "States.Runtime", noIntegration(t)));
        }
    }

    /** The cause of a task whose resource has no integration here. */
    static String noIntegration(Command.InvokeTask t) {
        return "Stepwise has no integration for the resource '" + t.resource().arn() + "' of the Task state '"
                + t.stateName() + "': it runs Lambda functions (a function ARN or arn:aws:states:::lambda:invoke, also "
                + ".waitForTaskToken) and nested executions (arn:aws:states:::states:startExecution)";
    }

    static boolean isLambda(TaskResource r) {
        return r.kind() == TaskResource.Kind.LAMBDA_FUNCTION || r.kind() == TaskResource.Kind.SERVICE_INTEGRATION
                && r.service().equals("lambda") && r.action().equals("invoke")
                && r.pattern() != TaskResource.Pattern.RUN_JOB && r.pattern() != TaskResource.Pattern.RUN_JOB_V2;
    }
}
