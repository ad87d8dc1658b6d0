package io.stepwise.asl;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a Task's Resource ARN (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html).
 * Region and account are not checked beyond their shape: AWS's own examples use placeholders there.
 */
final class TaskResources {
    private TaskResources() {}

    private static final Pattern LAMBDA = Pattern.compile("arn:[\\w-]+:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?");
    private static final Pattern ACTIVITY = Pattern.compile("arn:[\\w-]+:states:[^:]*:[^:]*:activity:([^:]+)");
    private static final Pattern SERVICE = Pattern.compile("arn:[\\w-]+:states:[^:]*:[^:]*:(.+?):([^:.]+)"
            + "(\\.sync:2|\\.sync|\\.waitForTaskToken)?");

    static Optional<TaskResource> classify(String arn) {
        Matcher m = LAMBDA.matcher(arn);
        if (m.matches()) {
            return Optional.of(new TaskResource(arn, TaskResource.Kind.LAMBDA_FUNCTION, "lambda", "invoke",
                    TaskResource.Pattern.REQUEST_RESPONSE));
        }
        m = ACTIVITY.matcher(arn);
        if (m.matches()) {
            return Optional.of(new TaskResource(arn, TaskResource.Kind.ACTIVITY, "states", "activity",
                    TaskResource.Pattern.REQUEST_RESPONSE));
        }
        m = SERVICE.matcher(arn);
        if (m.matches() && !m.group(1).isEmpty()) {
            TaskResource.Pattern pattern = m.group(3) == null ? TaskResource.Pattern.REQUEST_RESPONSE
                    : switch (m.group(3)) {
                        case ".sync" -> TaskResource.Pattern.RUN_JOB;
                        case ".sync:2" -> TaskResource.Pattern.RUN_JOB_V2;
                        default -> TaskResource.Pattern.WAIT_FOR_TASK_TOKEN;
                    };
            return Optional.of(new TaskResource(arn, TaskResource.Kind.SERVICE_INTEGRATION, m.group(1), m.group(2),
                    pattern));
        }
        return Optional.empty();
    }
}
