package dev.kiln.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyTokensTests {
    @Test
    void aGeneratedKeyParsesToItsIdAndASecretThatMatchesOnlyItsHash() {
        ApiKeyTokens.Generated key = ApiKeyTokens.generate();
        ApiKeyTokens.Parsed parsed = ApiKeyTokens.parse(key.token()).orElseThrow();
        assertThat(parsed.id()).isEqualTo(key.id()).matches("[0-9a-f]{12}");
        assertThat(ApiKeyTokens.matches(parsed.secret(), key.sha256())).isTrue();
        assertThat(ApiKeyTokens.matches(parsed.secret() + "x", key.sha256())).isFalse();
        assertThat(key.token()).doesNotContain(key.sha256());
    }

    @Test
    void rejectsKeysNotInTheKilnShape() {
        assertThat(ApiKeyTokens.parse("Bearer abc")).isEmpty();
        assertThat(ApiKeyTokens.parse("kiln_noseparator")).isEmpty();
        assertThat(ApiKeyTokens.parse("kiln_UPPER_secretsecretsecret")).isEmpty();
        assertThat(ApiKeyTokens.parse("kiln_abc_short")).isEmpty();
        assertThat(ApiKeyTokens.matches("secret", "not-hex")).isFalse();
    }
}
