/**
 * Hands text to the browser as a file download, as if the user had followed a link to it: the API
 * needs the bearer token, which a plain link cannot send.
 *
 * @example
 * saveText('impact-B1.csv', csv, 'text/csv');
 */
export function saveText(filename: string, text: string, type: string): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
}
