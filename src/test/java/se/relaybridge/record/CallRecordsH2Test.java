package se.relaybridge.record;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class CallRecordsH2Test extends CallRecordsContract {

    @TempDir
    Path folder;

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2(folder);
    }
}
