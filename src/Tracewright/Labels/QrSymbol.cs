using QRCoder;

namespace Tracewright.Labels;

/// <summary>
/// A QR code's modules, quiet zone included (4 light modules on every side), so a renderer that draws the whole
/// matrix never crowds the code. Error correction level M: a scratched label still scans, and a Digital Link URI
/// stays small enough for a 25 mm label.
/// </summary>
public sealed class QrSymbol
{
    private readonly bool[,] _dark;

    private QrSymbol(bool[,] dark) => _dark = dark;

    /// <summary>Modules per side, quiet zone included.</summary>
    public int Size => _dark.GetLength(0);

    public bool IsDark(int row, int column) => _dark[row, column];

    public static QrSymbol Encode(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var size = data.ModuleMatrix.Count;
        var dark = new bool[size, size];
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                dark[row, column] = data.ModuleMatrix[row][column];
            }
        }

        return new QrSymbol(dark);
    }

    /// <summary>The dark runs of each row as (row, first column, length): one rectangle per run keeps SVG and PDF small.</summary>
    public IEnumerable<(int Row, int Column, int Length)> DarkRuns()
    {
        for (var row = 0; row < Size; row++)
        {
            var column = 0;
            while (column < Size)
            {
                if (!_dark[row, column])
                {
                    column++;
                    continue;
                }

                var start = column;
                while (column < Size && _dark[row, column])
                {
                    column++;
                }

                yield return (row, start, column - start);
            }
        }
    }
}
