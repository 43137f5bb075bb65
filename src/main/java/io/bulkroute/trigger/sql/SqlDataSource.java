package io.bulkroute.trigger.sql;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The database a scheduled load reads from, declared as a bean with a JDBC URL, a user and a password
 * (any driver on the class path: PostgreSQL and H2 ship with bulkroute). Nothing is opened until a
 * query runs, so a declared source that is never used costs nothing. A query runs about once per
 * schedule, so each run opens its own connection instead of keeping a pool.
 */
public final class SqlDataSource implements DataSource {
    private String url;
    private String user;
    private String password;

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        if (url == null || url.isBlank()) {
            throw new SQLException("This data source has no JDBC URL configured");
        }
        java.util.Properties info = new java.util.Properties();
        if (username != null && !username.isBlank()) {
            info.setProperty("user", username);
        }
        if (pass != null && !pass.isBlank()) {
            info.setProperty("password", pass);
        }
        return DriverManager.getDriver(url).connect(url, info);
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // connections come from the driver manager, which has its own log writer
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the driver's own timeout settings (in the URL) apply
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** Never the password: the bean may be logged. */
    @Override
    public String toString() {
        return "SqlDataSource[" + url + "]";
    }
}
