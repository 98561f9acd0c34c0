package se.relaybridge.record;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A data source that notes every SQL text its connections are given (prepared or executed) and every row added
 * to a JDBC batch, and otherwise passes each call to the real one: what the records writer asks of the database.
 */
final class StatementLog {

    private final DataSource real;
    private final List<String> statements = new ArrayList<>();
    private int batchRows;
    private int batches;

    StatementLog(DataSource real) {
        this.real = real;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, real, (method, args) -> {
            Object result = method.invoke(real, args);
            return method.getName().equals("getConnection") ? connection((Connection) result) : result;
        });
    }

    synchronized List<String> statements() {
        return List.copyOf(statements);
    }

    synchronized int batchRows() {
        return batchRows;
    }

    synchronized int batches() {
        return batches;
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (method, args) -> {
            Object result = method.invoke(connection, args);
            if (method.getName().equals("prepareStatement")) {
                noted((String) args[0]);
                return statement(PreparedStatement.class, (PreparedStatement) result);
            }
            if (method.getName().equals("createStatement")) {
                return statement(Statement.class, (Statement) result);
            }
            return result;
        });
    }

    private <S extends Statement> S statement(Class<S> type, S statement) {
        return proxy(type, statement, (method, args) -> {
            String name = method.getName();
            if (name.startsWith("execute") && args != null && args.length > 0 && args[0] instanceof String sql) {
                noted(sql);
            }
            synchronized (this) {
                if (name.equals("addBatch")) {
                    batchRows++;
                } else if (name.equals("executeBatch")) {
                    batches++;
                }
            }
            return method.invoke(statement, args);
        });
    }

    private synchronized void noted(String sql) {
        statements.add(sql);
    }

    private interface Call {
        Object on(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return call.on(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
