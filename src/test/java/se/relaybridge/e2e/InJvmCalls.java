package se.relaybridge.e2e;

/** SIPp scenarios against a relaybridge started in this JVM: its address and call count come from it. */
interface InJvmCalls extends SippCalls {

    RunningB2bua running();

    @Override
    default String relaybridge() {
        return "127.0.0.1:" + running().sipPort();
    }

    @Override
    default int queuePort() {
        return running().queuePort();
    }

    @Override
    default int activeCalls() {
        return running().b2bua().registry().size();
    }
}
