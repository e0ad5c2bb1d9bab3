import { Button } from "../ui/button";

/**
 * The big button that starts a run (KÖR, TESTKÖR) with the upload's progress beside it while
 * the files are on their way.
 */
export function RunButton({ label, uploading, showProgress, disabled = false }: { label: string; uploading: number | null; showProgress: boolean; disabled?: boolean }) {
  return (
    <div className="flex items-center gap-4">
      <Button type="submit" disabled={disabled || uploading !== null} className="px-8 text-base tracking-wide">
        {uploading !== null ? "Skickar…" : label}
      </Button>
      {uploading !== null && showProgress && (
        <div className="flex flex-1 items-center gap-2 text-sm text-stone-700">
          <progress max={100} value={uploading} aria-label="Uppladdning" className="h-2 flex-1" />
          {uploading} %
        </div>
      )}
    </div>
  );
}
