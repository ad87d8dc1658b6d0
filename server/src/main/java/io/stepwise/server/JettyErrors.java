package io.stepwise.server;

import io.stepwise.functions.LambdaError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers (a URI with {@code %00}, an ambiguous path, oversized headers), which it writes before a
 * route or {@link AwsErrors} sees the request, in the Lambda error shape instead of Jetty's HTML page, so the SDKs and
 * the CLI show a real error name.
 */
final class JettyErrors extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        LambdaError e = AwsErrors.badMessage(status, reason);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(AwsErrors.HEADER, e.type());
        return ByteBuffer.wrap(AwsErrors.body(e).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        LambdaError e = AwsErrors.badMessage(code, message);
        response.setStatus(e.status());
        response.setContentType("application/json");
        response.setHeader(AwsErrors.HEADER, e.type());
        response.getOutputStream().write(AwsErrors.body(e).getBytes(StandardCharsets.UTF_8));
        baseRequest.setHandled(true);
    }
}
