package io.stepwise.tuning;

import java.util.List;

/**
 * The tuner's way to the function it tunes (the Lambda API's control plane and Invoke): the server implements it over
 * its own function runtime. Every method may block; failures are {@link TuningException}s with Lambda's error names.
 */
public interface Target {

    /** The function's current configuration. */
    record Function(String name, String arn, int memoryMb, int timeoutSeconds, String architecture) {}

    Function describe(String function) throws TuningException;

    /**
     * Publishes a version of the function's code at this memory size (and, for a forced cold start, with
     * {@code coldTag} in its environment so that the version is new) and points the alias at it; $LATEST keeps
     * its configuration.
     */
    void prepare(String function, int memoryMb, String alias, String coldTag) throws TuningException;

    /** Invokes {@code function:qualifier} once, synchronously, and reports what it measured. */
    Measurement invoke(String function, String qualifier, byte[] payload) throws TuningException;

    /** Deletes the aliases and the versions they point at; those already gone are skipped. */
    void remove(String function, List<String> aliases) throws TuningException;

    /** Sets $LATEST's memory size. */
    void setMemory(String function, int memoryMb) throws TuningException;

    /** Publishes $LATEST as a version and points the alias at it (created when missing); returns the version. */
    String publishAlias(String function, String alias) throws TuningException;

    /** Reads an object of the server's buckets (the original's {@code payloadS3}). */
    byte[] readObject(String bucket, String key) throws TuningException;
}
