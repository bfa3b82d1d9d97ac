using PropConnectors.SandboxFirm.Internal;

namespace PropConnectors.SandboxFirm.Tests;

public sealed class CommandLineTests
{
    [Test]
    public void TryParse_PortAndFirms_Parsed()
    {
        var ok = SandboxCommandLine.TryParse(["--port", "5080", "--firm", "FTMO=ftmo-key", "--firm=APEX=apex=key", "--log-level", "information"], out var result, out var error);

        Assert.That(ok, Is.True, error);
        Assert.That(result.Port, Is.EqualTo(5080));
        Assert.That(result.Firms, Is.EqualTo(new[] { ("FTMO", "ftmo-key"), ("APEX", "apex=key") }));
        Assert.That(result.LogLevel, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Information));
    }

    [Test]
    public void TryParse_Nothing_DefaultPortNoFirms()
    {
        Assert.That(SandboxCommandLine.TryParse([], out var result, out _), Is.True);
        Assert.That(result.Port, Is.EqualTo(SandboxCommandLine.DefaultPort));
        Assert.That(result.Firms, Is.Empty);
    }

    [TestCase("--help")]
    [TestCase("-h")]
    public void TryParse_Help_ShowsHelp(string arg)
    {
        Assert.That(SandboxCommandLine.TryParse([arg], out var result, out _), Is.True);
        Assert.That(result.ShowHelp, Is.True);
        Assert.That(SandboxCommandLine.HelpText, Does.Contain("/_sandbox/firms").And.Contain("--firm"));
    }

    [TestCase(new[] { "--port" }, "--port needs a value")]
    [TestCase(new[] { "--port", "abc" }, "--port must be a number from 0 to 65535, not 'abc'")]
    [TestCase(new[] { "--port", "70000" }, "--port must be a number from 0 to 65535, not '70000'")]
    [TestCase(new[] { "--firm", "FTMO" }, "--firm expects CODE=KEY, not 'FTMO'")]
    [TestCase(new[] { "--firm", "FTMO=" }, "--firm expects CODE=KEY, not 'FTMO=***'")]
    [TestCase(new[] { "--firm", "A=1", "--firm", "a=2" }, "--firm A is given twice")]
    [TestCase(new[] { "--log-level", "loud" }, "--log-level must be Trace, Debug, Information, Warning, Error, Critical or None, not 'loud'")]
    [TestCase(new[] { "--bogus" }, "unknown option '--bogus'")]
    [TestCase(new[] { "stray" }, "unexpected argument 'stray'")]
    public void TryParse_BadArguments_OneLineError(string[] args, string expected)
    {
        Assert.That(SandboxCommandLine.TryParse(args, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(expected));
    }

    [Test]
    public void TryParse_BadFirmCode_ErrorDoesNotEchoKey()
    {
        Assert.That(SandboxCommandLine.TryParse(["--firm", "F!=secret-key"], out _, out var error), Is.False);
        Assert.That(error, Does.Not.Contain("secret-key"));
    }
}
