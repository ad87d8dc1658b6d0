package io.stepwise.engine;

import static io.stepwise.engine.Harness.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.asl.StatesError;
import io.stepwise.engine.ResultWriters.ChildResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where and how a Map Run's results are written: layout, manifest, records, transformations, splitting, failures. */
class ResultWritersTest {
    static final String RUN = "arn:aws:states:us-east-1:123456789012:mapRun:orders/Map:0f3a-run";
    static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:orders/Map";
    static final Instant START = Instant.parse("2025-02-04T01:49:50.099Z");
    static final List<String> UNSUCCESSFUL = List.of("FAILED", "TIMED_OUT", "ABORTED");
    final MemoryBuckets s3 = new MemoryBuckets().bucket("out");

    static ChildResult child(String name, String input, String status, Optional<String> output) {
        boolean failed = UNSUCCESSFUL.contains(status);
        return new ChildResult("arn:aws:states:us-east-1:123456789012:execution:orders/Map:" + name, name, MACHINE, input,
                output, status, failed ? Optional.of("Oops") : Optional.empty(),
                failed ? Optional.of("it broke") : Optional.empty(), START,
                status.equals("RUNNING") ? Optional.empty() : Optional.of(START.plusMillis(64)));
    }

    static ChildResult succeeded(String name, String output) {
        return child(name, "{\"n\":\"" + name + "\"}", "SUCCEEDED", Optional.of(output));
    }

    static ChildResult failed(String name, String status) { return child(name, "{}", status, Optional.empty()); }

    static String writer(String bucket, String prefix, String config) {
        return q("{'Resource': 'arn:aws:states:::s3:putObject', 'Parameters': {'Bucket': '" + bucket + "', 'Prefix': '"
                + prefix + "'}" + (config.isEmpty() ? "" : ", 'WriterConfig': " + config) + "}");
    }

    String write(String writer, List<ChildResult> children) throws StatesError {
        return Json.text(ResultWriters.write(s3, Json.read(writer), RUN, children));
    }

    void fails(String writer, String cause) {
        assertThatThrownBy(() -> write(writer, List.of(succeeded("a", "1")))).isInstanceOfSatisfying(StatesError.class,
                e -> {
                    assertThat(e.error()).isEqualTo("States.ResultWriterFailed");
                    assertThat(e.cause()).isEqualTo(cause);
                });
    }

    @Test
    void children_are_written_by_status_under_the_prefix_and_map_run_id_with_a_manifest_listing_each_file()
            throws StatesError {
        String result = write(writer("out", "csvJobs", ""), List.of(succeeded("a", "1"), failed("b", "FAILED"),
                failed("c", "TIMED_OUT"), succeeded("d", "2"), failed("e", "ABORTED"), child("f", "{}", "PENDING",
                        Optional.empty())));
        assertThat(result).isEqualTo(q("{'MapRunArn':'" + RUN + "','ResultWriterDetails':{'Bucket':'out',"
                + "'Key':'csvJobs/0f3a-run/manifest.json'}}"));
        assertThat(s3.keys("out")).containsExactly("csvJobs/0f3a-run/FAILED_0.json", "csvJobs/0f3a-run/PENDING_0.json",
                "csvJobs/0f3a-run/SUCCEEDED_0.json", "csvJobs/0f3a-run/manifest.json");
        assertThat(s3.calls.getLast()).isEqualTo("put out/csvJobs/0f3a-run/manifest.json");
        assertThat(s3.text("out", "csvJobs/0f3a-run/manifest.json")).isEqualTo(q("{'DestinationBucket':'out','MapRunArn':'"
                + RUN + "','ResultFiles':{'FAILED':[{'Key':'csvJobs/0f3a-run/FAILED_0.json','Size':" + size("FAILED_0")
                + "}],'PENDING':[{'Key':'csvJobs/0f3a-run/PENDING_0.json','Size':" + size("PENDING_0") + "}],"
                + "'SUCCEEDED':[{'Key':'csvJobs/0f3a-run/SUCCEEDED_0.json','Size':" + size("SUCCEEDED_0") + "}]}}"));
        assertThat(s3.text("out", "csvJobs/0f3a-run/FAILED_0.json")).contains(q("'Name':'b'"), q("'Status':'TIMED_OUT'"),
                q("'Status':'ABORTED'")).doesNotContain(q("'Name':'a'"));
        assertThat(s3.contentType("out", "csvJobs/0f3a-run/SUCCEEDED_0.json")).isEqualTo("application/json");
    }

    int size(String file) { return s3.text("out", "csvJobs/0f3a-run/" + file + ".json").getBytes().length; }

    @Test
    void each_child_is_recorded_with_awss_fields_in_alphabetical_order_and_millisecond_utc_dates() throws StatesError {
        write(writer("out", "", ""), List.of(succeeded("a", "[1,2]"), failed("b", "FAILED"),
                child("c", "{\"x\":1}", "PENDING", Optional.empty())));
        String arn = "arn:aws:states:us-east-1:123456789012:execution:orders/Map:";
        assertThat(s3.text("out", "0f3a-run/SUCCEEDED_0.json")).isEqualTo("[{\"ExecutionArn\":\"" + arn + "a\","
                + "\"Input\":\"{\\\"n\\\":\\\"a\\\"}\",\"InputDetails\":{\"Included\":true},\"Name\":\"a\","
                + "\"Output\":\"[1,2]\",\"OutputDetails\":{\"Included\":true},\"RedriveCount\":0,\"RedriveStatus\":"
                + "\"NOT_REDRIVABLE\",\"RedriveStatusReason\":\"Execution is SUCCEEDED and cannot be redriven\","
                + "\"StartDate\":\"2025-02-04T01:49:50.099Z\",\"StateMachineArn\":\"" + MACHINE + "\",\"Status\":"
                + "\"SUCCEEDED\",\"StopDate\":\"2025-02-04T01:49:50.163Z\"}]");
        assertThat(s3.text("out", "0f3a-run/FAILED_0.json")).isEqualTo(q("[{'Cause':'it broke','Error':'Oops',"
                + "'ExecutionArn':'" + arn + "b','Input':'{}','InputDetails':{'Included':true},'Name':'b',"
                + "'OutputDetails':{'Included':true},'RedriveCount':0,'RedriveStatus':'REDRIVABLE','StartDate':"
                + "'2025-02-04T01:49:50.099Z','StateMachineArn':'" + MACHINE + "','Status':'FAILED','StopDate':"
                + "'2025-02-04T01:49:50.163Z'}]"));
        assertThat(s3.text("out", "0f3a-run/PENDING_0.json"))
                .isEqualTo("[{\"Input\":\"{\\\"x\\\":1}\",\"InputDetails\":{\"Included\":true},\"Status\":\"PENDING\"}]");
    }

    @Test
    void a_running_child_goes_to_the_pending_file_without_stop_date_or_output_details() throws StatesError {
        write(writer("out", "p/", ""), List.of(child("r", "{}", "RUNNING", Optional.empty())));
        assertThat(s3.keys("out")).containsExactly("p/0f3a-run/PENDING_0.json", "p/0f3a-run/manifest.json");
        assertThat(s3.text("out", "p/0f3a-run/PENDING_0.json")).contains(q("'RedriveStatusReason':'Execution is "
                + "RUNNING and cannot be redriven'")).doesNotContain("StopDate", "OutputDetails");
        assertThat(s3.text("out", "p/0f3a-run/manifest.json")).contains(q("'FAILED':[]"), q("'SUCCEEDED':[]"));
    }

    @Test
    void jsonl_output_writes_one_entry_per_line() throws StatesError {
        write(writer("out", "", "{'OutputType': 'JSONL', 'Transformation': 'COMPACT'}"),
                List.of(succeeded("a", "{\"v\":1}"), succeeded("b", "[2]")));
        assertThat(s3.text("out", "0f3a-run/SUCCEEDED_0.json")).isEqualTo("{\"v\":1}\n[2]\n");
    }

    @Test
    void compact_and_flatten_write_the_outputs_of_succeeded_children_and_the_records_of_the_others()
            throws StatesError {
        List<ChildResult> children = List.of(succeeded("a", q("[{'order':1},{'order':2}]")), succeeded("b", "3"),
                failed("c", "FAILED"));
        write(writer("out", "c", "{'Transformation': 'COMPACT'}"), children);
        assertThat(s3.text("out", "c/0f3a-run/SUCCEEDED_0.json")).isEqualTo(q("[[{'order':1},{'order':2}],3]"));
        assertThat(s3.text("out", "c/0f3a-run/FAILED_0.json")).startsWith(q("[{'Cause':'it broke'"));
        write(writer("out", "f", "{'Transformation': 'FLATTEN', 'OutputType': 'JSON'}"), children);
        assertThat(s3.text("out", "f/0f3a-run/SUCCEEDED_0.json")).isEqualTo(q("[{'order':1},{'order':2},3]"));
    }

    @Test
    void a_file_over_the_size_limit_continues_in_the_next_numbered_file() throws StatesError {
        List<ChildResult> children = List.of(succeeded("a", "\"aaaa\""), succeeded("b", "\"bbbb\""),
                succeeded("c", "\"" + "c".repeat(40) + "\""), succeeded("d", "1"));
        ResultWriters.write(s3, Json.read(writer("out", "", "{'Transformation': 'COMPACT'}")), RUN, children, 16);
        assertThat(s3.text("out", "0f3a-run/SUCCEEDED_0.json")).isEqualTo("[\"aaaa\",\"bbbb\"]");
        assertThat(s3.text("out", "0f3a-run/SUCCEEDED_1.json")).isEqualTo("[\"" + "c".repeat(40) + "\"]");
        assertThat(s3.text("out", "0f3a-run/SUCCEEDED_2.json")).isEqualTo("[1]");
        assertThat(s3.text("out", "0f3a-run/manifest.json")).contains("SUCCEEDED_0.json\",\"Size\":15",
                "SUCCEEDED_1.json", "SUCCEEDED_2.json\",\"Size\":3");
    }

    @Test
    void writer_config_alone_writes_nothing_and_returns_the_transformed_results() throws StatesError {
        List<ChildResult> children = List.of(succeeded("a", "[1,2]"), succeeded("b", "3"), failed("c", "FAILED"));
        assertThat(write(q("{'WriterConfig': {'OutputType': 'JSON'}}"), children)).startsWith("[[1,2],3,{\"Cause\"");
        assertThat(write(q("{'WriterConfig': {'Transformation': 'FLATTEN'}}"), children)).startsWith("[1,2,3,{");
        assertThat(write(q("{'WriterConfig': {'Transformation': 'NONE'}}"), children)).startsWith("[{\"ExecutionArn\"");
        assertThat(s3.calls).isEmpty();
        assertThat(Json.text(ResultWriters.results(children))).startsWith("[[1,2],3,{\"Cause\":\"it broke\"");
    }

    @Test
    void a_jsonata_writer_gives_its_bucket_in_arguments() throws StatesError {
        assertThat(write(writer("out", "j", "").replace("Parameters", "Arguments"), List.of(succeeded("a", "1"))))
                .contains("j/0f3a-run/manifest.json");
    }

    @Test
    void a_missing_bucket_or_a_refused_write_fails_with_s3s_error() {
        fails(writer("gone", "p", ""), "The specified bucket does not exist (Service: Amazon S3; Error Code: NoSuchBucket)");
        s3.refusePuts = true;
        fails(writer("out", "p", ""), "Access Denied (Service: Amazon S3; Error Code: AccessDenied)");
    }

    @Test
    void a_bad_writer_definition_fails_with_what_is_wrong() {
        fails("{}", "The ResultWriter field cannot be empty: give WriterConfig, or Resource and Parameters");
        fails(writer("out", "p", "").replace("putObject", "getObject"), "The ResultWriter's Resource must be "
                + "arn:aws:states:::s3:putObject, not \"arn:aws:states:::s3:getObject\"");
        fails(q("{'Parameters': {'Bucket': 'out'}}"), "The ResultWriter's Resource must be "
                + "arn:aws:states:::s3:putObject, not missing");
        fails(q("{'Resource': 'arn:aws:states:::s3:putObject', 'Parameters': {'Prefix': 'p'}}"),
                "The ResultWriter's Parameters must give the Bucket as a string");
        fails(writer("out", "p", "{'Transformation': 'SQUASH'}"),
                "WriterConfig Transformation must be one of NONE, COMPACT, FLATTEN, not \"SQUASH\"");
        fails(writer("out", "p", "{'OutputType': 'CSV'}"), "WriterConfig OutputType must be one of JSON, JSONL, not \"CSV\"");
    }
}
