using ElectionAudit.Engine;

namespace ElectionAudit.Core.Tests.Engine;

public class SharedListTests
{
    [Fact]
    public void Items_added_from_several_threads_are_all_kept_and_a_list_added_to_another_keeps_its_order()
    {
        var list = new SharedList<int>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                list.Add((worker * 10_000) + i);
            }
        });

        list.Items.Count.ShouldBe(80_000);
        list.Items.Order().ShouldBe(Enumerable.Range(0, 80_000));

        var all = new SharedList<int>();
        all.Add(-1);
        all.AddAll(list);
        all.Items.Count.ShouldBe(80_001);
        all.Items[0].ShouldBe(-1);
        all.Items.Skip(1).ShouldBe(list.Items);
    }

    [Fact]
    public void Lists_added_to_one_list_from_several_threads_while_they_still_grow_lose_nothing_they_held()
    {
        var all = new SharedList<int>();
        var parts = Enumerable.Range(0, 4).Select(_ => new SharedList<int>()).ToArray();
        Parallel.For(0, 4, part =>
        {
            for (int i = 0; i < 5_000; i++)
            {
                parts[part].Add((part * 5_000) + i);
            }

            all.AddAll(parts[part]);
            parts[part].Add(-1); // added after the move: not in the scan's list, as an abandoned rule's late findings
        });

        all.Items.Order().ShouldBe(Enumerable.Range(0, 20_000));
    }
}
