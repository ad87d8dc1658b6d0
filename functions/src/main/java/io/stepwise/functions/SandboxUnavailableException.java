package io.stepwise.functions;

/** No sandbox can be set up on this host and the user did not ask to run function code unconfined: say why, and stop. */
public final class SandboxUnavailableException extends RuntimeException {
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
