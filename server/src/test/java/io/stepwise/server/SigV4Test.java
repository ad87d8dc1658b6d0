package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The canonicalisation and signature against AWS's published Signature Version 4 test suite (the vectors of
 * docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html, kept in awslabs/aws-c-auth
 * tests/aws-signing-test-suite/v4): key AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z.
 */
class SigV4Test {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String DATE = "20150830T123600Z";
    static final SigV4.Scope SCOPE = new SigV4.Scope("20150830", "us-east-1", "service");
    static final List<String> HOST_AND_DATE = List.of("host", "x-amz-date");

    static String sign(String method, String path, String query, List<String> signed, Map<String, List<String>> headers) {
        String canonical = SigV4.canonicalRequest(method, path, query, signed, n -> headers.getOrDefault(n, List.of()), SigV4.EMPTY_SHA256);
        return SigV4.signature(SigV4.signingKey(SECRET, SCOPE), SigV4.stringToSign(DATE, SCOPE, canonical));
    }

    static Map<String, List<String>> vanillaHeaders() {
        return Map.of("host", List.of("example.amazonaws.com"), "x-amz-date", List.of(DATE));
    }

    @Test
    void get_vanilla_canonical_request_string_to_sign_and_signature_are_the_published_ones() {
        String canonical = SigV4.canonicalRequest("GET", "/", "", HOST_AND_DATE, n -> vanillaHeaders().get(n), SigV4.EMPTY_SHA256);

        assertThat(canonical).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(SigV4.stringToSign(DATE, SCOPE, canonical)).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
                + "20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
        assertThat(sign("GET", "/", "", HOST_AND_DATE, vanillaHeaders()))
                .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void post_vanilla_matches_the_published_signature() {
        assertThat(sign("POST", "/", "", HOST_AND_DATE, vanillaHeaders()))
                .isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void query_parameters_are_sorted_by_key_as_in_get_vanilla_query_order_key_case() {
        assertThat(sign("GET", "/", "Param2=value2&Param1=value1", HOST_AND_DATE, vanillaHeaders()))
                .isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void unreserved_query_characters_stay_as_they_are_as_in_get_vanilla_query_unreserved() {
        String u = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        assertThat(sign("GET", "/", u + "=" + u, HOST_AND_DATE, vanillaHeaders()))
                .isEqualTo("9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197");
    }

    @Test
    void a_path_is_percent_encoded_as_in_get_utf8_and_get_space_unnormalized() {
        assertThat(sign("GET", "/ሴ", "", HOST_AND_DATE, vanillaHeaders()))
                .isEqualTo("8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
        assertThat(sign("GET", "/example space/", "", HOST_AND_DATE, vanillaHeaders()))
                .isEqualTo("652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741");
    }

    @Test
    void header_values_are_trimmed_and_inner_spaces_collapsed_as_in_get_header_value_trim() {
        var headers = Map.of("host", List.of("example.amazonaws.com"), "x-amz-date", List.of(DATE),
                "my-header1", List.of(" value1"), "my-header2", List.of(" \"a   b   c\""));
        assertThat(sign("GET", "/", "", List.of("host", "my-header1", "my-header2", "x-amz-date"), headers))
                .isEqualTo("acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
    }

    @Test
    void a_signed_session_token_is_part_of_the_signature_as_in_get_vanilla_with_session_token() {
        var headers = Map.of("host", List.of("example.amazonaws.com"), "x-amz-date", List.of(DATE),
                "x-amz-security-token", List.of("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"));
        assertThat(sign("GET", "/", "", List.of("host", "x-amz-date", "x-amz-security-token"), headers))
                .isEqualTo("07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");
    }

    @Test
    void an_sdk_path_already_percent_encoded_is_encoded_again() {
        // What the SDKs send for GetFunction of an ARN; they sign /2015-03-31/functions/arn%253Aaws...
        String canonical = SigV4.canonicalRequest("GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af",
                "Qualifier=%24LATEST", List.of("host"), n -> List.of("h"), SigV4.EMPTY_SHA256);
        assertThat(canonical.lines().toList()).startsWith("GET",
                "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A1%253Afunction%253Af", "Qualifier=%24LATEST");
    }

    @Test
    void the_query_is_decoded_then_encoded_strictly_and_the_signature_parameter_is_left_out() {
        assertThat(SigV4.canonicalQuery("b=a+b&a=x%2fy&a=%7E&flag&X-Amz-Signature=abc&c=%20"))
                .isEqualTo("a=x%2Fy&a=~&b=a%2Bb&c=%20&flag=");
    }

    @Test
    void a_presigned_url_is_read_from_its_query_and_verifies_as_in_get_utf8_query_signed() {
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
                + "&X-Amz-Signature=10eae3f14a260bd3911cc6d008d3c576d143b05b62f09782a7a4b37f52178e44";
        Map<String, String> params = new java.util.HashMap<>();
        for (String p : query.split("&")) params.put(p.split("=")[0], SigV4.decode(p.split("=")[1]));

        SignedRequest signed = SignedRequest.parse(h -> null, params::get).orElseThrow();

        assertThat(signed.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(signed.scope()).isEqualTo(SCOPE);
        assertThat(signed.expiresSeconds()).hasValue(3600);
        String canonical = SigV4.canonicalRequest("GET", "/ሴ", query, signed.signedHeaders(),
                n -> List.of("example.amazonaws.com"), SigV4.EMPTY_SHA256);
        assertThat(SigV4.signature(SigV4.signingKey(SECRET, signed.scope()), SigV4.stringToSign(signed.amzDate(), signed.scope(), canonical)))
                .isEqualTo(signed.signature());
    }

    @Test
    void the_authorization_header_is_read_into_key_scope_headers_and_signature() {
        String auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        Map<String, String> headers = Map.of("Authorization", auth, "X-Amz-Date", DATE);

        SignedRequest signed = SignedRequest.parse(headers::get, q -> null).orElseThrow();

        assertThat(signed.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(signed.scope()).isEqualTo(SCOPE);
        assertThat(signed.signedHeaders()).containsExactly("host", "x-amz-date");
        assertThat(signed.amzDate()).isEqualTo(DATE);
        assertThat(signed.date()).isEqualTo(java.time.Instant.parse("2015-08-30T12:36:00Z"));
        assertThat(signed.expiresSeconds()).isEmpty();
    }

    @Test
    void a_date_header_stands_in_for_x_amz_date() {
        String auth = "AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/lambda/aws4_request, SignedHeaders=date;host, Signature=00";
        Map<String, String> headers = Map.of("Authorization", auth, "Date", "Sun, 30 Aug 2015 12:36:00 GMT");

        assertThat(SignedRequest.parse(headers::get, q -> null).orElseThrow().amzDate()).isEqualTo(DATE);
    }

    @Test
    void a_malformed_x_amz_date_is_an_incomplete_signature() {
        String auth = "AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00";
        for (String bad : new String[] {"2015-08-30T12:36:00Z", "20150830T123600", "20150230T123600Z", "2015083xT123600Z"}) {
            Map<String, String> headers = Map.of("Authorization", auth, "X-Amz-Date", bad);

            assertThatThrownBy(() -> SignedRequest.parse(headers::get, q -> null)).as(bad)
                    .isInstanceOfSatisfying(io.stepwise.functions.LambdaError.class, e -> {
                        assertThat(e.type()).isEqualTo("IncompleteSignatureException");
                        assertThat(e.getMessage()).startsWith("Date must be in ISO-8601 'basic format'. Got '" + bad + "'.");
                    });
        }
    }

    @Test
    void no_authorization_and_no_presigned_query_is_no_signature() {
        assertThat(SignedRequest.parse(h -> null, q -> null)).isEmpty();
    }

    @Test
    void sha256_of_nothing_is_the_well_known_empty_hash() {
        assertThat(SigV4.sha256Hex(new byte[0])).isEqualTo(SigV4.EMPTY_SHA256);
        assertThat(SigV4.sha256Hex("x".getBytes(StandardCharsets.UTF_8))).hasSize(64);
    }
}
