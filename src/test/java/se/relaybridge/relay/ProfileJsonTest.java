package se.relaybridge.relay;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The known keys of each profile object are the components of its record: a field added to one needs the other. */
class ProfileJsonTest {

    @Test
    void knownKeysAreTheRecordComponents() {
        assertThat(ProfileJson.TOP).isEqualTo(components(RelayProfile.class));
        assertThat(ProfileJson.TRUNK).isEqualTo(components(TrunkSpec.class));
        assertThat(ProfileJson.PROVIDER).isEqualTo(components(ProviderSpec.class));
        assertThat(ProfileJson.INBOUND).isEqualTo(components(InboundHeaders.class));
        assertThat(ProfileJson.CALLBACK).isEqualTo(components(CallbackSpec.class));
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
