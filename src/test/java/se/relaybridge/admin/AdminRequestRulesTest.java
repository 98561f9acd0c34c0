package se.relaybridge.admin;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin API's request rules on their own: JSON nesting, the same-origin rule for changes, numeric parameters. */
class AdminRequestRulesTest {

    @Test
    void nestingIsCountedOutsideStringsOnly() {
        assertThat(deeper("{\"a\": [1, {\"b\": [[]]}]}", 5)).isFalse();
        assertThat(deeper("{\"a\": [1, {\"b\": [[]]}]}", 4)).isTrue();
        assertThat(deeper("{\"a\": \"[[[[[[[[[[{{{{{{\"}", 1)).isFalse();
        assertThat(deeper("{\"a\": \"\\\"[[[[\"}", 1)).as("an escaped quote does not end the string").isFalse();
        assertThat(deeper("[".repeat(200_000), BodyLimitFilter.MAX_JSON_DEPTH)).isTrue();
        assertThat(deeper("[".repeat(32) + "]".repeat(32), BodyLimitFilter.MAX_JSON_DEPTH)).isFalse();
    }

    @Test
    void readingIsNeverAChangeAndNeedsNoRule() {
        assertThat(SameOriginRule.check("GET", "text/plain", true, "http://evil.example", "cross-site", "127.0.0.1:8080"))
                .isEmpty();
    }

    @Test
    void aChangeFromAScriptWithoutBrowserHeadersIsAllowed() {
        assertThat(SameOriginRule.check("POST", null, false, null, null, "127.0.0.1:8080")).isEmpty();
        assertThat(SameOriginRule.check("PUT", "application/json; charset=UTF-8", true, null, null, "127.0.0.1:8080")).isEmpty();
        assertThat(SameOriginRule.check("DELETE", null, false, null, null, "127.0.0.1:8080")).isEmpty();
    }

    @Test
    void aChangeFromTheServersOwnPageIsAllowed() {
        assertThat(SameOriginRule.check("POST", "application/json", true, "http://127.0.0.1:8080", "same-origin",
                "127.0.0.1:8080")).isEmpty();
        assertThat(SameOriginRule.check("POST", null, false, "https://admin.example", null, "admin.example")).isEmpty();
        assertThat(SameOriginRule.check("POST", null, false, "https://admin.example:443", "none", "ADMIN.example:443"))
                .isEmpty();
    }

    @Test
    void aFormBodyIs415WhateverItsOrigin() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            assertThat(SameOriginRule.check("POST", type, true, null, null, "127.0.0.1:8080"))
                    .hasValueSatisfying(p -> {
                        assertThat(p.status()).isEqualTo(415);
                        assertThat(p.problems()).extracting(Problem.FieldProblem::field).containsExactly("Content-Type");
                    });
        }
        assertThat(SameOriginRule.check("PUT", null, true, null, null, "127.0.0.1:8080")).get()
                .extracting(Problem::status).isEqualTo(415);
    }

    @Test
    void anotherSitesOriginOrFetchSiteIs403() {
        assertThat(SameOriginRule.check("POST", null, false, "http://evil.example", null, "127.0.0.1:8080")).get()
                .satisfies(p -> assertThat(p.detail()).contains("http://evil.example"))
                .extracting(Problem::status).isEqualTo(403);
        assertThat(SameOriginRule.check("POST", null, false, "http://127.0.0.1:9999", null, "127.0.0.1:8080")).get()
                .extracting(Problem::status).as("another port is another origin").isEqualTo(403);
        assertThat(SameOriginRule.check("POST", null, false, "null", null, "127.0.0.1:8080")).get()
                .extracting(Problem::status).as("a sandboxed page or a file").isEqualTo(403);
        assertThat(SameOriginRule.check("DELETE", null, false, null, "cross-site", "127.0.0.1:8080")).get()
                .extracting(Problem::status).isEqualTo(403);
        assertThat(SameOriginRule.check("POST", null, false, null, "same-site", "127.0.0.1:8080")).get()
                .extracting(Problem::status).as("a sibling subdomain is not this origin").isEqualTo(403);
    }

    @Test
    void numericParametersAreCheckedAs400NamingTheParameter() {
        assertThat(QueryNumbers.intParam("page", null, 0, 0, 10)).isZero();
        assertThat(QueryNumbers.intParam("page", "7", 0, 0, 10)).isEqualTo(7);
        assertThatThrownBy(() -> QueryNumbers.intParam("page", "99999999999", 0, 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("page: must be from 0 to 10");
        assertThatThrownBy(() -> QueryNumbers.intParam("size", "ten", 0, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("size:");
    }

    private static boolean deeper(String json, int limit) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonNesting.deeperThan(bytes, bytes.length, limit);
    }
}
