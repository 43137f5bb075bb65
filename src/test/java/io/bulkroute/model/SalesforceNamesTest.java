package io.bulkroute.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SalesforceNamesTest {

    @Test
    void anIdIs15Or18LettersAndDigits() {
        assertThat(SalesforceNames.isId("750Dm0000000001")).isTrue();
        assertThat(SalesforceNames.isId("750Dm0000000001AAA")).isTrue();
        for (String id : new String[] {null, "", "750Dm000000001", "750Dm0000000001A", "750Dm0000000001AAAA",
                "../../../services/oauth2/token", "750Dm0000000001/..", "750Dm00000000-1", "750Dm0000000001AA "}) {
            assertThat(SalesforceNames.isId(id)).as(id).isFalse();
        }
        assertThatThrownBy(() -> SalesforceNames.jobId("../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15 or 18");
    }

    @Test
    void anApiNameIsLettersDigitsAndSingleUnderscoresWithANamespaceAndASuffix() {
        for (String name : new String[] {"Account", "OpportunityLineItem", "My_Object__c", "ns__My_Object__c", "Parent__r",
                "Order_Event__e", "Setting__mdt", "Account__Share", "External_Id__c", "A1"}) {
            assertThat(SalesforceNames.isApiName(name)).as(name).isTrue();
        }
        for (String name : new String[] {null, "", "Account/../x", "..", "Account.x", "1Account", "_Account", "Account_",
                "My__Object__c__x", "My___c", "Account__", "Acc ount", "Account%2F", "a".repeat(256)}) {
            assertThat(SalesforceNames.isApiName(name)).as(name).isFalse();
        }
        assertThatThrownBy(() -> SalesforceNames.object("Account/../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API name");
    }
}
