/**
 * The errors provisioning steps report to Step Functions, under stable names. The Java Lambda runtime reports a
 * thrown exception's binary class name as the function's error type, and the state machines' {@code Retry} and
 * {@code Catch} match that type; so these classes live in a package named {@code Telephony}, against Java's naming
 * convention, to make the error types {@code Telephony.Transient}, {@code Telephony.InfraBusy} and so on, names that
 * no refactoring of the code behind them can change. They import nothing of the product: the steps' mapping onto
 * them ({@code provisioning.steps.StepErrors}) lists them, and a test checks that every name the state machines
 * match is one of them.
 */
package Telephony;
