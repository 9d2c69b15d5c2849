using Tracewright.Domain.Production;
using Tracewright.Domain.Trace;

namespace Tracewright.Domain.Tests.Trace;

/// <summary>The one wording of the shop's evidence, which trace and as-built records show and an export carries (issue 15).</summary>
public sealed class EvidenceNoteTests
{
    private static readonly UnitId Motor = UnitId.Parse("MOTOR:M1").Value;
    private static readonly WorkContext Bench = new("Kim", "Test stand T-1", null, "Line 2");

    [Fact]
    public void A_test_states_each_measurement_against_its_limits_and_fails_when_one_is_out_of_them()
    {
        var test = new UnitTested(Motor, "end-of-line", [new("torque", 1.2442m, "Nm", 1.23m, 1.31m), new("noise", 42.5m, "dB", 35m, 41m)], Bench);
        Assert.Equal("test end-of-line FAIL on Test stand T-1 by Kim: torque=1.2442 Nm [1.23..1.31] ok; noise=42.5 dB [35..41] OUT OF LIMITS", EvidenceNote.Of(test, Motor));
    }

    [Fact]
    public void An_operation_inspection_and_rework_are_worded_for_their_own_unit_only()
    {
        var other = UnitId.Parse("MOTOR:M2").Value;
        var operation = new OperationPerformed(Motor, "gearbox fill", new Dictionary<string, string> { ["oil"] = "ISO VG 220", ["ml"] = "80" }, new WorkContext(null, null, null, null));
        Assert.Equal("operation gearbox fill oil=ISO VG 220 ml=80", EvidenceNote.Of(operation, Motor));
        Assert.Null(EvidenceNote.Of(operation, other));
        Assert.Equal("inspection PASS by Ravi: visual", EvidenceNote.Of(new UnitInspected(Motor, true, "Ravi", "visual", Bench), Motor));
        Assert.Equal("repair: bearing replaced", EvidenceNote.Of(new UnitReworked(Motor, true, "bearing replaced", Bench), Motor));
        Assert.Null(EvidenceNote.Of(new UnitStatusChanged(Motor, UnitStatus.Available, UnitStatus.Blocked), Motor));
    }

    [Fact]
    public void A_run_and_a_note_are_stated_to_the_minute()
    {
        Assert.Equal("MOTOR 2022-04-04T17:35 on Motor line 1 with T-7 by Kim, SOP SOP-12",
            EvidenceNote.Manufacture("MOTOR", "2022-04-04T17:35:12.0000000Z", "Motor line 1", "T-7", "Kim", "SOP-12"));
        Assert.Equal("2022-04-08T09:13 test", EvidenceNote.At("2022-04-08T09:13:55.1000000Z", "test"));
    }
}
