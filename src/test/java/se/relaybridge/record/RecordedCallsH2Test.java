package se.relaybridge.record;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RecordedCallsH2Test extends RecordedCallsContract {

    @TempDir
    Path databaseFolder;

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2(databaseFolder);
    }
}
