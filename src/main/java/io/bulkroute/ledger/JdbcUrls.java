package io.bulkroute.ledger;

import java.util.regex.Pattern;

/** A JDBC URL as it may be shown: a password in it (a parameter, or user:password@) is masked. */
public final class JdbcUrls {
    private static final Pattern PARAMETER = Pattern.compile("(?i)(password\\s*=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]*:)[^/@]*@");

    private JdbcUrls() {
    }

    public static String withoutPassword(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(PARAMETER.matcher(url).replaceAll("$1****")).replaceAll("$1****@");
    }
}
