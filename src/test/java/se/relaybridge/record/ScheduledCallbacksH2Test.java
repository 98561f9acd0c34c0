package se.relaybridge.record;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class ScheduledCallbacksH2Test extends ScheduledCallbacksContract {

    @TempDir
    Path folder;

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2(folder);
    }
}
