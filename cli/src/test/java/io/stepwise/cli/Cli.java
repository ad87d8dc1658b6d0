package io.stepwise.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Runs the {@code stepwise} command line in this JVM with its exit code, stdout and stderr captured. */
final class Cli {
    record Run(int code, String out, String err) {}

    private Cli() {}

    static Run stepwise(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The SDK's S3 client of a Stepwise server's S3 API (the server's own dependency, on this module's classpath). */
    static S3Client s3(String endpoint) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** The command with {@code --endpoint ENDPOINT} appended. */
    static Run stepwiseAt(String endpoint, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--endpoint";
        all[args.length + 1] = endpoint;
        return stepwise(all);
    }
}
